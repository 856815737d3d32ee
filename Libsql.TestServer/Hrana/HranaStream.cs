using Libsql.TestServer.Sql;

namespace Libsql.TestServer.Hrana;

/// <summary>A Hrana-over-HTTP stream: its own SQLite connection (so its own transaction) and stored SQL texts.</summary>
internal sealed class HranaStream(ulong id, ulong sequence, string @namespace, SqliteSession session)
{
    private SqliteSession? _session = session;

    public ulong Id { get; } = id;

    /// <summary>The sequence number the next baton must carry.</summary>
    public ulong Sequence { get; set; } = sequence;

    public string Namespace { get; } = @namespace;

    public Dictionary<int, string> StoredSql { get; } = [];

    public bool IsOpen => _session is not null;

    /// <summary>The connection; a protocol error once the stream was closed by a <c>close</c> request.</summary>
    public SqliteSession Session => _session ?? throw ProtocolException.StreamClosed();

    /// <summary>Closes the connection (rolling back an open transaction).</summary>
    public void Close()
    {
        var session = Interlocked.Exchange(ref _session, null);
        session?.Dispose();
    }
}

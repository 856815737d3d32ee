using Libsql.TestServer.Sql;

namespace Libsql.TestServer.Hrana;

/// <summary>
/// A Hrana-over-HTTP stream: its own SQLite connection (so its own transaction) and stored SQL texts, bound to the
/// namespace and the credential that opened it.
/// </summary>
internal sealed class HranaStream(ulong id, ulong sequence, string @namespace, string? credential, SqliteSession session, IDisposable permit)
{
    private SqliteSession? _session = session;

    public ulong Id { get; } = id;

    /// <summary>The sequence number the next baton must carry.</summary>
    public ulong Sequence { get; set; } = sequence;

    public string Namespace { get; } = @namespace;

    /// <summary>The fingerprint of the credential that opened the stream (<see cref="RequestContext.Credential"/>).</summary>
    public string? Credential { get; } = credential;

    public Dictionary<int, string> StoredSql { get; } = [];

    public bool IsOpen => _session is not null;

    /// <summary>The connection; a protocol error once the stream was closed by a <c>close</c> request.</summary>
    public SqliteSession Session => _session ?? throw ProtocolException.StreamClosed();

    /// <summary>Closes the connection (rolling back an open transaction) and gives back its connection permit.</summary>
    public void Close()
    {
        var session = Interlocked.Exchange(ref _session, null);
        if (session is not null)
        {
            session.Dispose();
            permit.Dispose();
        }
    }
}

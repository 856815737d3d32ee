using System.Reflection;
using Libsql.Auth;
using Libsql.Client.Hrana;
using Libsql.TestServer.Namespaces;
using Libsql.TestServer.Sql;
using SQLitePCL;

namespace Libsql.TestServer.Tests;

/// <summary>
/// Nothing a client sends creates, opens or deletes a file outside the database's own folder: every door is
/// tried with every kind of token, and again below the classifier, straight on a session's SQLite connection.
/// </summary>
public sealed class FileSystemDoorTests(SharedServers servers) : IDisposable
{
    private readonly string _outside = Directory.CreateTempSubdirectory("libsql-doors-").FullName;
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("libsql-session-").FullName;

    public static TheoryData<string, string> Doors() => new()
    {
        { "open", "VACUUM INTO '{0}/vacuum.db'" },
        { "open", "ATTACH '{0}/attach.db' AS o" },
        { "open", "ATTACH DATABASE 'file:{0}/uri.db?mode=rwc' AS o" },
        { "open", "SELECT load_extension('{0}/ext')" },
        { "open", "PRAGMA temp_store_directory = '{0}'" },
        { "open", "PRAGMA writable_schema = ON" },
        { "read-write", "VACUUM INTO '{0}/vacuum.db'" },
        { "read-write", "ATTACH '{0}/attach.db' AS o" },
        { "read-write", "SELECT load_extension('{0}/ext')" },
        { "read-write", "PRAGMA temp_store_directory = '{0}'" },
        { "read-only", "VACUUM INTO '{0}/vacuum.db'" },
        { "read-only", "ATTACH '{0}/attach.db' AS o" },
        { "read-only", "SELECT load_extension('{0}/ext')" },
        { "read-only", "PRAGMA temp_store_directory = '{0}'" },
    };

    [Theory]
    [MemberData(nameof(Doors))]
    public async Task No_statement_reaches_outside_the_data_folder(string token, string template)
    {
        var sql = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, _outside);
        using var http = token switch
        {
            "open" => servers.OpenClient(),
            "read-write" => servers.SecuredClient(),
            _ => servers.SecuredClient(LibsqlTokenOptions.ReadOnlyAccess),
        };

        // As one statement, as a batch step and inside a sequence: each must fail (a statement error or a 403).
        using var execute = await http.SendPipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute(sql)] });
        using var batch = await http.SendPipelineAsync(new HranaPipelineRequest
        {
            Requests = [new HranaBatchStreamRequest { Batch = new HranaBatch { Steps = [new HranaBatchStep { Stmt = HranaHttp.Stmt(sql) }] } }],
        });
        using var sequence = await http.SendPipelineAsync(new HranaPipelineRequest { Requests = [new HranaSequenceStreamRequest { Sql = "SELECT 1; " + sql }] });

        foreach (var response in new[] { execute, batch, sequence })
        {
            var (status, _, body) = await HranaHttp.ReadAsync(response);
            Assert.True(status != System.Net.HttpStatusCode.OK || body.Contains("\"message\"", StringComparison.Ordinal), $"{sql} succeeded: {body}");
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(_outside));
    }

    [Theory]
    [InlineData("VACUUM INTO '{0}/vacuum.db'")]
    [InlineData("ATTACH '{0}/attach.db' AS o")]
    [InlineData("ATTACH 'file:{0}/uri.db?mode=rwc' AS o")]
    [InlineData("SELECT load_extension('{0}/ext')")]
    [InlineData("PRAGMA temp_store_directory = '{0}'")]
    [InlineData("PRAGMA data_store_directory = '{0}'")]
    public void SQLite_itself_refuses_each_door_on_a_session_connection(string template)
    {
        var sql = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, _outside);
        using var session = OpenSession(out var db);

        var rc = raw.sqlite3_exec(db, sql, null, null, out var error);

        Assert.True(rc != raw.SQLITE_OK, $"{sql} ran: {error}");
        Assert.Empty(Directory.EnumerateFileSystemEntries(_outside));
    }

    [Fact]
    public void Defensive_mode_keeps_the_schema_read_only_on_a_session_connection()
    {
        using var session = OpenSession(out var db);
        Assert.Equal(raw.SQLITE_OK, raw.sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS victim(a)", null, null, out _));

        raw.sqlite3_exec(db, "PRAGMA writable_schema = ON", null, null, out _);
        var rc = raw.sqlite3_exec(db, "UPDATE sqlite_schema SET sql = 'CREATE TABLE victim(b)' WHERE name = 'victim'", null, null, out var error);

        Assert.True(rc != raw.SQLITE_OK, "the schema table was written: " + error);
    }

    public void Dispose()
    {
        Directory.Delete(_outside, recursive: true);
        Directory.Delete(_dataFolder, recursive: true);
    }

    private SqliteSession OpenSession(out sqlite3 db)
    {
        var file = Path.Combine(_dataFolder, "data");
        SqliteSession.Initialize(file).Dispose();
        var session = SqliteSession.Open(file, "default", new NoNamespaces(), new WriteLockWatch(() => NamespaceConfig.DefaultTxnTimeout), new NamespaceStats(), ResponseLimits.Default);

        // The raw handle, to go around the classifier on purpose.
        db = (sqlite3)typeof(SqliteSession).GetField("_db", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(session)!;
        return session;
    }

    private sealed class NoNamespaces : INamespaceLookup
    {
        public NamespaceConfig Config(string @namespace) => NamespaceConfig.Default;

        public string? DatabaseFile(string @namespace) => null;
    }
}

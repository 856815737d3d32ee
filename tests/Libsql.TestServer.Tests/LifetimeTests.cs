using Libsql.Client.Hrana;

namespace Libsql.TestServer.Tests;

public sealed class LifetimeTests
{
    [Fact]
    public async Task Dispose_closes_every_sqlite_handle_even_with_an_open_transaction()
    {
        var path = Directory.CreateTempSubdirectory("libsql-testserver-tests-").FullName;
        try
        {
            var server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { DatabasePath = path }, TestContext.Current.CancellationToken);
            using (var http = new HranaHttp(server.Uri))
            {
                await http.ExecuteAsync("CREATE TABLE t(a)");
                await http.PipelineAsync(new HranaPipelineRequest { Requests = [HranaHttp.Execute("BEGIN"), HranaHttp.Execute("INSERT INTO t VALUES (1)")] });
            }

            var data = Path.Combine(path, "dbs", "default", "data");
            Assert.True(File.Exists(data + "-wal"));
            await server.DisposeAsync();

            // SQLite removes the WAL file when the last connection to the database closes.
            Assert.False(File.Exists(data + "-wal"));
            Assert.True(File.Exists(data));

            await using var again = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { DatabasePath = path }, TestContext.Current.CancellationToken);
            using var reopened = new HranaHttp(again.Uri);
            Assert.Equal(0, (await reopened.ExecuteAsync("SELECT count(*) FROM t")).Rows[0][0].Integer);
        }
        finally
        {
            Directory.Delete(path, recursive: true);
        }
    }

    [Fact]
    public async Task A_temp_data_folder_is_deleted_on_dispose()
    {
        var server = await LibsqlTestServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var path = server.DatabasePath;
        Assert.True(Directory.Exists(path));

        await server.DisposeAsync();

        Assert.False(Directory.Exists(path));
    }
}

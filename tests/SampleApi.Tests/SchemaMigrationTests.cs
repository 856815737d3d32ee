using System.Net;
using Libsql.Client;
using Libsql.TestServer;
using SampleApi.Data;

namespace SampleApi.Tests;

/// <summary>The start-up migration: idempotent, and safe when several instances start at once.</summary>
public sealed class SchemaMigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Starting_twice_in_a_row_migrates_once_and_keeps_the_data()
    {
        await using var server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableAuth = true }, Ct);

        long folderId;
        await using (var first = new SampleApiFactory(server.ConnectionString))
        {
            using var client = first.CreateClient();
            folderId = (await client.CreateFolderAsync()).Id;
        }

        await using (var second = new SampleApiFactory(server.ConnectionString))
        {
            using var client = second.CreateClient();
            Assert.Equal(folderId, (await client.GetFolderAsync(folderId)).Id);
        }

        await AssertMigratedOnceAsync(server);
    }

    [Fact]
    public async Task Instances_starting_at_once_migrate_once_and_all_serve()
    {
        await using var server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableAuth = true }, Ct);
        var factories = Enumerable.Range(0, 4).Select(_ => new SampleApiFactory(server.ConnectionString)).ToList();
        try
        {
            // CreateClient builds and starts each host, which runs the migration; all four race for the write lock.
            var clients = await Task.WhenAll(factories.Select(factory => Task.Run(factory.CreateClient, Ct)));
            foreach (var client in clients)
            {
                using var response = await client.GetAsync("/health", Ct);
                await Api.ExpectAsync(response, HttpStatusCode.OK);
                await client.CreateFolderAsync();
                client.Dispose();
            }
        }
        finally
        {
            foreach (var factory in factories)
            {
                await factory.DisposeAsync();
            }
        }

        await AssertMigratedOnceAsync(server);
    }

    private static async Task AssertMigratedOnceAsync(LibsqlTestServer server)
    {
        await using var db = new LibsqlClient(server.ConnectionString);
        var versions = await db.ExecuteAsync("SELECT version FROM schema_version ORDER BY version", cancellationToken: Ct);
        Assert.Equal(Enumerable.Range(1, DatabaseSchema.LatestVersion), versions.Rows.Select(r => r.GetValue<int>("version")));

        var objects = await db.ExecuteAsync(
            "SELECT name FROM sqlite_schema WHERE name IN ('folders', 'notes', 'notes_by_folder', 'schema_version') ORDER BY name",
            cancellationToken: Ct);
        Assert.Equal(["folders", "notes", "notes_by_folder", "schema_version"], objects.Rows.Select(r => r.GetValue<string>("name")));
    }
}

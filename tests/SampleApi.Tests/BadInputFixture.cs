using Libsql.Client;
using Libsql.TestServer;

namespace SampleApi.Tests;

/// <summary>
/// SampleApi on real Kestrel (so that its request body limit applies, which the in-memory test server does not
/// enforce) against its own test server, with one seeded folder and note for the bad requests to aim at.
/// </summary>
public sealed class BadInputFixture : IAsyncLifetime
{
    private LibsqlTestServer? _server;
    private SampleApiFactory? _factory;

    /// <summary>A client of the API on Kestrel.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>A client of the database itself, to check that nothing was written.</summary>
    public LibsqlClient Database { get; private set; } = null!;

    /// <summary>The seeded folder's id.</summary>
    public long FolderId { get; private set; }

    /// <summary>The seeded note's id.</summary>
    public long NoteId { get; private set; }

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableAuth = true }, ct);
        _factory = new SampleApiFactory(_server.ConnectionString);
        _factory.UseKestrel(0);
        Client = _factory.CreateClient();
        Database = new LibsqlClient(_server.ConnectionString);
        FolderId = (await Client.CreateFolderAsync("seed")).Id;
        NoteId = (await Client.CreateNoteAsync(FolderId, "seed note", "seed body")).Id;
    }

    /// <summary>Every row of both tables, as one string: equal before and after means nothing was written.</summary>
    public async Task<string> SnapshotAsync()
    {
        var result = await Database.ExecuteAsync(
            "SELECT (SELECT group_concat(id || '|' || name || '|' || note_count, ';') FROM folders) AS folders, " +
            "(SELECT group_concat(id || '|' || folder_id || '|' || title || '|' || body || '|' || updated_at, ';') FROM notes) AS notes",
            cancellationToken: TestContext.Current.CancellationToken);
        return $"{result.Rows[0].GetValue<string>("folders")}\n{result.Rows[0].GetValue<string>("notes")}";
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

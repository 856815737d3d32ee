using System.Net;
using Libsql.Auth;
using Libsql.TestServer;
using SampleApi.Folders;
using SampleApi.Notes;

namespace SampleApi.Tests;

/// <summary>An instance given a read-only token serves reads and refuses writes with a clear 503.</summary>
public sealed class ReadOnlyTokenTests : IAsyncLifetime
{
    private LibsqlTestServer _server = null!;
    private SampleApiFactory _readWrite = null!;
    private SampleApiFactory _readOnly = null!;
    private string _readOnlyToken = null!;
    private Folder _folder = null!;
    private Note _note = null!;
    private Folder _other = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableAuth = true }, Ct);
        _readWrite = new SampleApiFactory(_server.ConnectionString);
        using var writer = _readWrite.CreateClient();
        _folder = await writer.CreateFolderAsync();
        _other = await writer.CreateFolderAsync();
        _note = await writer.CreateNoteAsync(_folder.Id);
        _folder = await writer.GetFolderAsync(_folder.Id);

        _readOnlyToken = _server.MintToken(LibsqlTokenOptions.ReadOnlyAccess);
        _readOnly = new SampleApiFactory(ConnectionStringWith(_server, _readOnlyToken));
    }

    public async ValueTask DisposeAsync()
    {
        await _readOnly.DisposeAsync();
        await _readWrite.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Reads_work()
    {
        using var client = _readOnly.CreateClient();

        Assert.Equal(_folder, await client.GetFolderAsync(_folder.Id));
        Assert.Equal(_note, await client.GetNoteAsync(_note.Id));
        Assert.Equal([_note], await client.ListAllNotesAsync(_folder.Id));
        using var health = await client.GetAsync("/health", Ct);
        await Api.ExpectAsync(health, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("POST", "/folders", """{"name":"new"}""")]
    [InlineData("PUT", "/folders/{folder}", """{"name":"renamed"}""")]
    [InlineData("DELETE", "/folders/{other}", null)]
    [InlineData("POST", "/folders/{folder}/notes", """{"title":"new"}""")]
    [InlineData("PUT", "/notes/{note}", """{"title":"renamed"}""")]
    [InlineData("DELETE", "/notes/{note}", null)]
    [InlineData("POST", "/notes/move", """{"folderId":{other},"noteIds":[{note}]}""")]
    public async Task Writes_answer_503_read_only_problem_details_and_change_nothing(string method, string path, string? body)
    {
        using var client = _readOnly.CreateClient();
        string Fill(string text) => text
            .Replace("{folder}", _folder.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{other}", _other.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{note}", _note.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), Fill(path));
        if (body is not null)
        {
            request.Content = new StringContent(Fill(body), System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, Ct);

        var text = await response.Content.ReadAsStringAsync(Ct);
        var problem = await Api.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Read-only database", problem.Title);
        Assert.Contains("read-only", problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain(_readOnlyToken, text, StringComparison.Ordinal);

        using var writer = _readWrite.CreateClient();
        Assert.Equal(_folder, await writer.GetFolderAsync(_folder.Id));
        Assert.Equal(_note, await writer.GetNoteAsync(_note.Id));
        Assert.Equal(_other, await writer.GetFolderAsync(_other.Id));
    }

    [Fact]
    public async Task Start_on_an_unmigrated_database_with_a_read_only_token_fails_saying_why()
    {
        await using var fresh = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableAuth = true }, Ct);
        await using var factory = new SampleApiFactory(ConnectionStringWith(fresh, fresh.MintToken(LibsqlTokenOptions.ReadOnlyAccess)));

        var error = Assert.Throws<InvalidOperationException>(factory.CreateClient);

        Assert.Contains("read-only", error.Message, StringComparison.Ordinal);
        Assert.Contains("read-write token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_only_instance_told_to_wait_starts_once_a_read_write_instance_has_migrated()
    {
        await using var fresh = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableAuth = true }, Ct);
        await using var readOnly = new SampleApiFactory(ConnectionStringWith(fresh, fresh.MintToken(LibsqlTokenOptions.ReadOnlyAccess)))
        {
            Settings = { ["Schema:MigrationWait"] = "00:01:00" },
        };

        var starting = Task.Run(readOnly.CreateClient, Ct);
        // Nothing has migrated: it waits (without the setting it fails at once, as the test above shows).
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        Assert.False(starting.IsCompleted, starting.Exception?.ToString());

        await using var readWrite = new SampleApiFactory(fresh.ConnectionString);
        using var writer = readWrite.CreateClient();
        using var client = await starting.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        using var health = await client.GetAsync("/health", Ct);
        await Api.ExpectAsync(health, HttpStatusCode.OK);
        var folder = await writer.CreateFolderAsync();
        Assert.Equal(folder, await client.GetFolderAsync(folder.Id));
    }

    [Fact]
    public async Task A_read_only_instance_that_waits_in_vain_fails_saying_why_and_how_long_it_waited()
    {
        await using var fresh = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableAuth = true }, Ct);
        await using var factory = new SampleApiFactory(ConnectionStringWith(fresh, fresh.MintToken(LibsqlTokenOptions.ReadOnlyAccess)))
        {
            Settings = { ["Schema:MigrationWait"] = "00:00:01" },
        };

        var error = Assert.Throws<InvalidOperationException>(factory.CreateClient);

        Assert.Contains("read-only", error.Message, StringComparison.Ordinal);
        Assert.Contains("waited 00:00:01", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_migration_wait_fails_the_start_naming_the_setting()
    {
        await using var fresh = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableAuth = true }, Ct);
        await using var factory = new SampleApiFactory(ConnectionStringWith(fresh, fresh.MintToken(LibsqlTokenOptions.ReadOnlyAccess)))
        {
            Settings = { ["Schema:MigrationWait"] = "a minute" },
        };

        var error = Assert.Throws<InvalidOperationException>(factory.CreateClient);

        Assert.Contains("Schema:MigrationWait is 'a minute'", error.Message, StringComparison.Ordinal);
    }

    private static string ConnectionStringWith(LibsqlTestServer server, string token) =>
        $"Endpoint={server.Uri.GetLeftPart(UriPartial.Authority)};AuthToken={token}";
}

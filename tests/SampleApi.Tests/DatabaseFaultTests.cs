using System.Net;
using Libsql.Client;
using Libsql.TestServer;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SampleApi.Tests;

/// <summary>
/// A database that fails (refuses, times out, answers 5xx or 429) gives 503 problem details with Retry-After; a request
/// the database rejects as a bug (an unknown table, a malformed request) stays 500.
/// </summary>
public sealed class DatabaseFaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(503)]
    [InlineData(502)]
    [InlineData(504)]
    [InlineData(500)]
    [InlineData(429)]
    [InlineData(0)]
    public async Task A_failing_or_hung_database_answers_503_with_retry_after_for_reads_and_writes(int status)
    {
        await using var server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableAuth = true }, Ct);
        await using var proxy = await FaultProxy.StartAsync(server.Uri, Ct);
        await using var factory = WithShortTimeout(new SampleApiFactory(Via(proxy, server)));
        using var client = factory.CreateClient();
        var folder = await client.CreateFolderAsync();

        proxy.Fault = status == 0 ? Fault.Hung : new Fault(status);
        using var read = await client.GetAsync($"/folders/{folder.Id}", Ct);
        using var write = await client.SendJsonAsync(HttpMethod.Post, $"/folders/{folder.Id}/notes", """{"title":"t"}""");

        foreach (var response in new[] { read, write })
        {
            var problem = await Api.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("Database unavailable", problem.Title);
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        }

        proxy.Fault = null;
        Assert.Equal(0, (await client.GetFolderAsync(folder.Id)).NoteCount);
    }

    [Fact]
    public async Task A_commit_whose_answer_is_lost_answers_503_saying_it_may_have_been_saved()
    {
        await using var server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableAuth = true }, Ct);
        await using var proxy = await FaultProxy.StartAsync(server.Uri, Ct);
        await using var factory = WithShortTimeout(new SampleApiFactory(Via(proxy, server)));
        using var client = factory.CreateClient();
        var folder = await client.CreateFolderAsync();

        proxy.Fault = Fault.Hung with { WhenBodyContains = "COMMIT" };
        using var write = await client.SendJsonAsync(HttpMethod.Post, $"/folders/{folder.Id}/notes", """{"title":"t"}""");

        var problem = await Api.ProblemAsync(write, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Database unavailable", problem.Title);
        Assert.Contains("may or may not have been saved", problem.Detail, StringComparison.Ordinal);
        Assert.NotNull(write.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_refused_connection_answers_503_with_retry_after()
    {
        var server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableAuth = true }, Ct);
        await using var factory = new SampleApiFactory(server.ConnectionString);
        using var client = factory.CreateClient();
        var folder = await client.CreateFolderAsync();
        await server.DisposeAsync();

        using var write = await client.SendJsonAsync(HttpMethod.Put, $"/folders/{folder.Id}", """{"name":"renamed"}""");

        var problem = await Api.ProblemAsync(write, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Database unavailable", problem.Title);
        Assert.NotNull(write.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_request_the_database_rejects_as_malformed_stays_500_without_retry_after()
    {
        await using var server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableAuth = true }, Ct);
        await using var proxy = await FaultProxy.StartAsync(server.Uri, Ct);
        await using var factory = new SampleApiFactory(Via(proxy, server));
        using var client = factory.CreateClient();
        var folder = await client.CreateFolderAsync();

        proxy.Fault = new Fault(400);
        using var response = await client.GetAsync($"/folders/{folder.Id}", Ct);

        await Api.ProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.Null(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_sql_error_that_is_not_a_conflict_stays_500_without_retry_after()
    {
        await using var server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableAuth = true }, Ct);
        await using var factory = new SampleApiFactory(server.ConnectionString);
        using var client = factory.CreateClient();
        var folder = await client.CreateFolderAsync();
        await using (var db = new LibsqlClient(server.ConnectionString))
        {
            // The schema gone under the running service: every note query now fails with "no such table", a bug.
            await db.ExecuteAsync("DROP TABLE notes", cancellationToken: Ct);
        }

        using var response = await client.GetAsync($"/folders/{folder.Id}/notes", Ct);

        var problem = await Api.ProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.Equal("Database error", problem.Title);
        Assert.Null(response.Headers.RetryAfter);
    }

    /// <summary>
    /// SampleApi with a 2 s database timeout instead of its configured 10 s: a hung database is waited out (with the
    /// read's retries) in seconds. The setting overrides the connection string's Timeout, as SampleApi's own does.
    /// </summary>
    private static WebApplicationFactory<Program> WithShortTimeout(SampleApiFactory factory) =>
        factory.WithWebHostBuilder(builder => builder.UseSetting("Aspire:Libsql:Client:Timeout", "00:00:02"));

    /// <summary>The server's connection string with the proxy's address in place of the server's.</summary>
    private static string Via(FaultProxy proxy, LibsqlTestServer server) =>
        server.ConnectionString.Replace(server.Uri.GetLeftPart(UriPartial.Authority), proxy.Uri.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);
}

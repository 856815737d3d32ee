using System.Diagnostics;
using System.Net;
using Libsql.Auth;
using Libsql.TestServer;

namespace SampleApi.Tests;

/// <summary><c>/health</c> follows the database; <c>/alive</c> follows only the process.</summary>
public sealed class HealthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_turns_unhealthy_while_the_database_is_down_and_healthy_when_it_returns()
    {
        var directory = Directory.CreateTempSubdirectory("sampleapi-health-").FullName;
        using var key = LibsqlSigningKey.Generate();
        try
        {
            var options = new LibsqlTestServerOptions { SigningKey = key, DatabasePath = directory };
            var server = await LibsqlTestServer.StartAsync(options, Ct);
            // The service talks to the database through a forwarder whose port stays bound while the server is down,
            // so the restarted server can take any free port and the service's address never changes.
            await using var forwarder = new TcpForwarder(server.Uri);
            await using var factory = new SampleApiFactory(server.ConnectionString.Replace(server.Uri.Authority, forwarder.Uri.Authority, StringComparison.Ordinal));
            using var client = factory.CreateClient();
            var folder = await client.CreateFolderAsync();
            await ExpectHealthAsync(client, "/health", HttpStatusCode.OK, "Healthy");

            forwarder.Target = null;
            await server.DisposeAsync();

            await ExpectHealthAsync(client, "/health", HttpStatusCode.ServiceUnavailable, "Unhealthy");
            await ExpectHealthAsync(client, "/alive", HttpStatusCode.OK, "Healthy");

            // Same key (so the service's token stays valid), same data.
            await using var restarted = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { SigningKey = key, DatabasePath = directory }, Ct);
            forwarder.Target = restarted.Uri;
            var clock = Stopwatch.StartNew();
            while (true)
            {
                using var response = await client.GetAsync("/health", Ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }

                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"/health still {(int)response.StatusCode} after the database returned");
                await Task.Delay(200, Ct);
            }

            Assert.Equal(folder, await client.GetFolderAsync(folder.Id));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_request_while_the_database_is_down_answers_503_problem_details()
    {
        var server = await LibsqlTestServer.StartAsync(new LibsqlTestServerOptions { EnableAuth = true }, Ct);
        await using var factory = new SampleApiFactory(server.ConnectionString);
        using var client = factory.CreateClient();
        var folder = await client.CreateFolderAsync();
        await server.DisposeAsync();

        using var response = await client.GetAsync($"/folders/{folder.Id}", Ct);

        var problem = await Api.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Database unavailable", problem.Title);
    }

    private static async Task ExpectHealthAsync(HttpClient client, string path, HttpStatusCode status, string body)
    {
        using var response = await client.GetAsync(path, Ct);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync(Ct));
    }
}

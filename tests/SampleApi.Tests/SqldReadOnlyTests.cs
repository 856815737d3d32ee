using System.Net;
using Libsql.Auth;

namespace SampleApi.Tests;

/// <summary>The read-only path against real sqld, whose 403 for a write is what the test server imitates.</summary>
public sealed class SqldReadOnlyTests(SqldApiFixture sqld) : IClassFixture<SqldApiFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_read_only_token_reads_and_gets_503_for_writes()
    {
        var folder = await sqld.Client.CreateFolderAsync();
        var token = sqld.SigningKey.MintToken(LibsqlTokenOptions.ReadOnlyAccess);
        await using var readOnly = new SampleApiFactory($"Endpoint={sqld.Endpoint};AuthToken={token}");
        using var client = readOnly.CreateClient();

        Assert.Equal(folder, await client.GetFolderAsync(folder.Id));
        using var write = await client.SendJsonAsync(HttpMethod.Post, "/folders", """{"name":"x"}""");
        var problem = await Api.ProblemAsync(write, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Read-only database", problem.Title);
        using var health = await client.GetAsync("/health", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}

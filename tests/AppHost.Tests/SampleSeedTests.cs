using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace AppHost.Tests;

// One collection: the AppHosts share the generated signing key in user secrets, so they must not start at once.
[Collection(nameof(AppHostTests))]
public sealed class SampleSeedTests(AppHostFixture fixture) : IClassFixture<AppHostFixture>
{
    private readonly DistributedApplication _app = fixture.App;
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_sample_seeds_the_reports_database_and_the_tables_command_shows_its_rows()
    {
        var reports = await _app.ConnectionStringAsync("reports", Token);
        var (_, body) = await Hrana.ExecuteAsync(new Uri(reports["Endpoint"]), reports["AuthToken"], "reports", "SELECT count(*) FROM monthly_totals", Token);
        Assert.Equal("3", Hrana.FirstValue(body));

        var result = await _app.ResourceCommands.ExecuteCommandAsync(_app.Resource("db"), "libsql-show-tables", Token);

        Assert.True(result.Success, result.Message);
        var markdown = Assert.IsType<CommandResultData>(result.Data).Value;
        var reportsSection = markdown[markdown.IndexOf("### reports", StringComparison.Ordinal)..];
        Assert.Contains("| monthly_totals | 3 |", reportsSection, StringComparison.Ordinal);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting.Testing;
using Microsoft.Playwright;

namespace AppHost.Tests.Dashboard;

/// <summary>
/// The Aspire dashboard of the started AppHost (sqld as a local process), in a real browser: what a developer sees.
/// Every check saves a screenshot into the test results (TestResults/dashboard/ beside the test assembly) so a person
/// can look. <see cref="ContainerDashboardTests"/> checks what only container mode shows.
/// </summary>
[Collection(nameof(AppHostTests))]
public sealed partial class DashboardTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Resources_page_lists_sqld_and_both_SampleApi_instances_running_and_healthy()
    {
        fixture.RequireApp();
        var page = await OpenAsync("/");

        foreach (var name in new[] { "db", "reports", "db-readonly", "api", "api-readonly" })
        {
            var state = Row(page, name).Locator("td[col-index='2']");
            Assert.Equal("Running", await state.GetAttributeAsync("title"));
            // A healthy resource gets the green "success" icon; an unhealthy one a warning icon.
            Assert.Contains("--success", await state.Locator("svg.severity-icon").GetAttributeAsync("style") ?? "", StringComparison.Ordinal);
        }

        Assert.Contains("Libsql.TestServer", await Row(page, "db").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("SampleApi.csproj", await Row(page, "api").InnerTextAsync(), StringComparison.Ordinal);
        await fixture.ScreenshotAsync("01-resources");
    }

    [Fact]
    public async Task Sqld_details_show_health_image_endpoints_and_the_mint_token_command_works()
    {
        var app = fixture.RequireApp();
        var page = await OpenAsync("/");
        await ResourceName(page, "db").ClickAsync();
        var details = Details(page);
        await details.WaitForAsync();

        var text = await details.InnerTextAsync();
        Assert.Matches(HealthyRegex(), text);
        foreach (var endpoint in new[] { "http", "admin" })
        {
            Assert.Contains(app.GetEndpoint("db", endpoint).GetLeftPart(UriPartial.Authority).Replace("127.0.0.1", "localhost", StringComparison.Ordinal), text, StringComparison.Ordinal);
        }

        await fixture.ScreenshotAsync("02-sqld-details");

        await Row(page, "db").Locator("td").Last.Locator("fluent-button, button").Last.ClickAsync();
        var mint = await CommandMenuItemAsync(page, "Mint token");
        Assert.True(await page.GetByRole(AriaRole.Menuitem, new() { Name = "Tables and row counts", Exact = true }).IsVisibleAsync());
        await fixture.ScreenshotAsync("03-sqld-commands");

        // The command asks for the access level and an expiry, then shows the token once.
        await mint.ClickAsync();
        await page.Locator(".interaction-message", new() { HasText = "Mints a token" }).WaitForAsync();
        // The access choice is the dropdown that offers "ro" (with databases a namespace choice follows it).
        var access = page.Locator("fluent-dropdown", new() { Has = page.Locator("fluent-option[value='ro']") }).Last;
        await access.Locator("button[role='combobox']").ClickAsync();
        await access.Locator("fluent-option[value='ro']").ClickAsync();
        await page.Locator("fluent-text-input[aria-label='Empty or 0 = never.'] input").FillAsync("1");
        await fixture.ScreenshotAsync("04-mint-token-dialog");
        await page.Locator("footer.interaction-dialog-actions fluent-button[appearance='primary']").ClickAsync();

        // No screenshot from here on: the page now shows a live token.
        var shown = page.GetByText(JwtRegex()).First;
        await shown.WaitForAsync();
        var token = JwtRegex().Match(await shown.InnerTextAsync()).Value;
        await page.Keyboard.PressAsync("Escape");
        var db = await app.ConnectionStringAsync("db", Token);
        var (read, _) = await Hrana.ExecuteAsync(new Uri(db["Endpoint"]), token, null, "SELECT 1", Token);
        var (write, _) = await Hrana.ExecuteAsync(new Uri(db["Endpoint"]), token, null, "CREATE TABLE dashboard_minted (x)", Token);
        Assert.Equal(HttpStatusCode.OK, read);
        Assert.Equal(HttpStatusCode.Forbidden, write);
    }

    [Fact]
    public async Task SampleApi_environment_does_not_show_the_connection_string_or_token_in_plain_text()
    {
        var app = fixture.RequireApp();
        var token = (await app.ConnectionStringAsync("db", Token))["AuthToken"];
        var page = await OpenAsync("/");
        await ResourceName(page, "api").ClickAsync();
        var variable = page.GetByText("ConnectionStrings__db", new() { Exact = true });
        await variable.ScrollIntoViewIfNeededAsync();

        var row = page.Locator("tr", new() { Has = variable });
        Assert.Contains("●●●●", await row.InnerTextAsync(), StringComparison.Ordinal);
        var body = await page.InnerTextAsync("body");
        Assert.DoesNotContain(token, body, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[^1], body, StringComparison.Ordinal);
        Assert.DoesNotContain(token, await page.ContentAsync(), StringComparison.Ordinal);
        await fixture.ScreenshotAsync("05-api-environment-masked");
    }

    [Fact]
    public async Task A_SampleApi_request_appears_as_a_trace_with_its_libSQL_client_span()
    {
        var app = fixture.RequireApp();
        using var api = app.Client("api");
        using var created = await api.PostAsJsonAsync("/folders", new { name = $"traced-{Guid.NewGuid():N}" }, Token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // Telemetry is exported in batches: reload until the trace is listed.
        var page = await OpenAsync("/traces");
        var trace = page.GetByText("api: POST /folders", new() { Exact = false }).First;
        for (var attempt = 0; attempt < 20 && !await trace.IsVisibleAsync(); attempt++)
        {
            await page.WaitForTimeoutAsync(1000);
            await page.ReloadAsync();
        }

        await fixture.ScreenshotAsync("06-traces");
        await trace.ClickAsync();

        // Under the request's span: the client's span, named after the Hrana operation, then its HTTP call to sqld.
        var span = page.GetByText("execute", new() { Exact = true }).First;
        await span.WaitForAsync();
        await fixture.ScreenshotAsync("07-trace-with-libsql-span");
        await span.ClickAsync();
        var system = page.GetByText("db.system.name", new() { Exact = true }).First;
        await system.WaitForAsync();
        await system.ScrollIntoViewIfNeededAsync();
        await fixture.ScreenshotAsync("08-libsql-span-details");
        var details = await page.InnerTextAsync("body");
        Assert.Matches(SpanSourceRegex(), details);
        Assert.Matches(SpanKindRegex(), details);
    }

    [Fact]
    public async Task Sqld_console_log_is_readable()
    {
        fixture.RequireApp();
        var page = await OpenAsync("/consolelogs/resource/db");
        await page.GetByText(ListeningRegex()).First.WaitForAsync();
        await fixture.ScreenshotAsync("09-sqld-console-log");
    }

    /// <summary>The details panel of the selected resource.</summary>
    /// <param name="page">The resources page.</param>
    /// <returns>The panel.</returns>
    internal static ILocator Details(IPage page) =>
        page.Locator(".details-container, [class*='details']").Filter(new() { HasTextRegex = HealthyRegex() }).First;

    internal static async Task<IPage> OpenAsync(DashboardFixture fixture, string path)
    {
        var page = fixture.Page;
        await page.GotoAsync(new Uri(fixture.DashboardBase, path).ToString());
        if (path == "/")
        {
            await ResourceName(page, "api-readonly").WaitForAsync();
        }

        return page;
    }

    private Task<IPage> OpenAsync(string path) => OpenAsync(fixture, path);

    internal static ILocator ResourceName(IPage page, string name) =>
        page.Locator(".resource-name-text", new() { HasTextRegex = new Regex($"^{Regex.Escape(name)}$") });

    internal static ILocator Row(IPage page, string name) => page.Locator("tr", new() { Has = ResourceName(page, name) });

    [GeneratedRegex(@"Health state\s+Healthy")]
    internal static partial Regex HealthyRegex();

    [GeneratedRegex(@"listening on http://\S+:\d+")]
    private static partial Regex ListeningRegex();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")]
    private static partial Regex JwtRegex();

    [GeneratedRegex(@"Source\s+Libsql\.Client\b")]
    private static partial Regex SpanSourceRegex();

    [GeneratedRegex(@"Kind\s+Client\b")]
    private static partial Regex SpanKindRegex();
}

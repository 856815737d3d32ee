using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace AppHost.Tests.Dashboard;

// The SQL console and maintenance commands in a real browser, as a developer uses them: open the resource's menu, fill
// the prompt, read the result. Part of DashboardTests, so it shares its started AppHost, browser and screenshot folder.
public sealed partial class DashboardTests
{
    private const string PrimaryButton = "footer.interaction-dialog-actions fluent-button[appearance='primary']";

    [Fact]
    public async Task Query_shows_the_result_as_a_table_and_a_read_only_write_shows_sqlds_403()
    {
        var app = fixture.RequireApp();
        var page = await OpenCommandAsync("db", "Query…");
        await page.Locator(".interaction-message", new() { HasText = "Runs one SQL statement" }).WaitForAsync();
        await fixture.ScreenshotAsync("10-query-dialog");

        await SqlInput(page).FillAsync("SELECT type, name, tbl_name FROM sqlite_schema WHERE name NOT LIKE 'sqlite%' ORDER BY type, name");
        await page.Locator(PrimaryButton).ClickAsync();

        var table = page.Locator("table", new() { Has = page.GetByText("tbl_name", new() { Exact = true }) }).Last;
        await table.WaitForAsync();
        var cells = await table.Locator("td").AllInnerTextsAsync();
        Assert.Contains("folders", cells);
        Assert.Contains("notes", cells);
        Assert.Matches(RowCountRegex(), await page.InnerTextAsync("body"));
        await fixture.ScreenshotAsync("11-query-result");
        await page.Keyboard.PressAsync("Escape");

        // The same console refuses a write unless writes are allowed, and says what sqld said.
        var probe = $"console_browser_{Guid.NewGuid():N}";
        page = await OpenCommandAsync("db", "Query…");
        await SqlInput(page).FillAsync($"CREATE TABLE {probe} (x)");
        await page.Locator(PrimaryButton).ClickAsync();
        await page.GetByText(ForbiddenRegex()).First.WaitForAsync();
        await fixture.ScreenshotAsync("12-query-read-only-refused");

        var db = await app.ConnectionStringAsync("db", Token);
        var (_, body) = await Hrana.ExecuteAsync(new Uri(db["Endpoint"]), db["AuthToken"], "default", $"SELECT count(*) FROM sqlite_schema WHERE name = '{probe}'", Token);
        Assert.Equal("0", Hrana.FirstValue(body));
    }

    [Fact]
    public async Task Query_with_writes_allowed_runs_on_the_chosen_database()
    {
        var app = fixture.RequireApp();
        var table = $"console_rw_{Guid.NewGuid():N}";
        var page = await OpenCommandAsync("reports", "Query…");
        await SqlInput(page).FillAsync($"CREATE TABLE {table} (x)");
        await page.Locator("fluent-checkbox[aria-label='Allow writes']").ClickAsync();
        await fixture.ScreenshotAsync("13-query-allow-writes");
        await page.Locator(PrimaryButton).ClickAsync();
        await page.GetByText(ReadWriteRegex()).First.WaitForAsync();
        await page.Keyboard.PressAsync("Escape");

        var db = await app.ConnectionStringAsync("db", Token);
        var (_, inReports) = await Hrana.ExecuteAsync(new Uri(db["Endpoint"]), db["AuthToken"], "reports", $"SELECT count(*) FROM sqlite_schema WHERE name = '{table}'", Token);
        Assert.Equal("1", Hrana.FirstValue(inReports));
    }

    [Fact]
    public async Task Reset_database_asks_first_then_drops_every_table()
    {
        var app = fixture.RequireApp();
        var db = await app.ConnectionStringAsync("db", Token);
        var endpoint = new Uri(db["Endpoint"]);
        var (created, _) = await Hrana.ExecuteAsync(endpoint, db["AuthToken"], "reports", $"CREATE TABLE reset_me_{Guid.NewGuid():N} (x)", Token);
        Assert.Equal(HttpStatusCode.OK, created);

        var page = await OpenCommandAsync("reports", "Reset database");
        var confirmation = page.GetByText("This cannot be undone", new() { Exact = false }).First;
        await confirmation.WaitForAsync();
        await fixture.ScreenshotAsync("14-reset-confirmation");
        await page.GetByText("Yes", new() { Exact = true }).Locator("visible=true").ClickAsync();
        await page.GetByText(DroppedRegex()).First.WaitForAsync();
        await fixture.ScreenshotAsync("15-reset-done");

        var (_, left) = await Hrana.ExecuteAsync(endpoint, db["AuthToken"], "reports", "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'", Token);
        Assert.Equal("0", Hrana.FirstValue(left));
    }

    [Fact]
    public async Task Download_dump_saves_the_database_as_SQL_and_shows_where()
    {
        fixture.RequireApp();
        var page = await OpenCommandAsync("db", "Download dump");
        await page.Locator(PrimaryButton).ClickAsync();

        var shown = page.GetByText(DumpPathRegex()).First;
        await shown.WaitForAsync();
        await fixture.ScreenshotAsync("16-dump-saved");
        var path = DumpPathRegex().Match(await shown.InnerTextAsync()).Value;
        try
        {
            var dump = await File.ReadAllTextAsync(path, Token);
            Assert.Contains("CREATE TABLE", dump, StringComparison.Ordinal);
            Assert.Contains("folders", dump, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Checkpoint_runs_through_the_admin_api()
    {
        fixture.RequireApp();
        var page = await OpenCommandAsync("reports", "Checkpoint");
        await page.GetByText(CheckpointedRegex()).First.WaitForAsync();
        await fixture.ScreenshotAsync("17-checkpoint-done");
    }

    /// <summary>Opens the resource list, the resource's command menu, and clicks the command.</summary>
    private async Task<IPage> OpenCommandAsync(string resource, string command)
    {
        var page = await OpenAsync("/");
        await Row(page, resource).Locator("td").Last.Locator("fluent-button, button").Last.ClickAsync();
        var item = await CommandMenuItemAsync(page, command);
        await item.ClickAsync();
        return page;
    }

    /// <summary>
    /// A resource's commands beyond the first few are in the menu's "Commands" submenu: opens it when it is there and
    /// returns the visible item.
    /// </summary>
    private static async Task<ILocator> CommandMenuItemAsync(IPage page, string command)
    {
        // Menus of other rows are in the page too, hidden: only the open one counts.
        var submenu = page.Locator("fluent-menu-item[title='Commands']").Locator("visible=true");
        var item = page.GetByText(command, new() { Exact = true }).Locator("visible=true");
        await submenu.Or(item).First.WaitForAsync();
        if (!await item.IsVisibleAsync())
        {
            await submenu.First.ClickAsync();
        }

        await item.First.WaitForAsync();
        return item.First;
    }

    private static ILocator SqlInput(IPage page) =>
        page.Locator(".interaction-input", new() { Has = page.Locator("label", new() { HasText = "SQL" }) }).Locator("fluent-text-input input");

    [GeneratedRegex(@"\d+ rows in [\d.]+ ms on 'default' on 'db' \(read-only\)")]
    private static partial Regex RowCountRegex();

    [GeneratedRegex(@"sqld answered 403 Forbidden")]
    private static partial Regex ForbiddenRegex();

    [GeneratedRegex(@"on 'reports' on 'db' \(read-write\)")]
    private static partial Regex ReadWriteRegex();

    [GeneratedRegex(@"""Reset database"" succeeded")]
    private static partial Regex DroppedRegex();

    [GeneratedRegex(@"/\S+/db-default-\d{8}-\d{6}-\d{3}\.sql")]
    private static partial Regex DumpPathRegex();

    [GeneratedRegex(@"""Checkpoint"" succeeded")]
    private static partial Regex CheckpointedRegex();
}

using Aspire.Hosting;
using Aspire.Hosting.Testing;
using LibsqlAspire.Testing;
using Microsoft.Playwright;

namespace AppHost.Tests.Dashboard;

/// <summary>
/// The AppHost started with its dashboard, sqld as a local process (as in <see cref="AppHostRunner"/>, so a machine
/// with chromium and no container runtime runs these tests), and a headless Debian chromium driven by Playwright,
/// logged in through the dashboard's token URL. <see cref="ContainerDashboardFixture"/> starts sqld in container mode.
/// </summary>
public class DashboardFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium; LIBSQL_CHROMIUM names another build of it.</summary>
    public static string ChromiumPath { get; } =
        Environment.GetEnvironmentVariable("LIBSQL_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static readonly string[] s_chromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private readonly DirectoryInfo _dataRoot = Directory.CreateTempSubdirectory("libsql-dashboard-tests-");
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The running app; null when chromium is missing.</summary>
    public DistributedApplication? App { get; private set; }

    /// <summary>A logged-in dashboard page.</summary>
    public IPage Page { get; private set; } = null!;

    /// <summary>The dashboard's base address.</summary>
    public Uri DashboardBase { get; private set; } = null!;

    /// <summary>Where the screenshots go: the test results folder (one per fixture, so neither removes the other's).</summary>
    public virtual string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard");

    /// <summary>Skips the test (fails it under CI) unless chromium (and what <see cref="Problem"/> checks) is there; returns the started app.</summary>
    /// <returns>The app.</returns>
    public DistributedApplication RequireApp()
    {
        Requires.MissingUnlessCi(
            !File.Exists(ChromiumPath),
            $"Chromium not found at {ChromiumPath}: run `bash eng/ci-prereqs.sh` (apt-get install chromium) or set LIBSQL_CHROMIUM.");
        RequireMore();
        return App ?? throw new InvalidOperationException("The AppHost with its dashboard did not start.");
    }

    public async ValueTask InitializeAsync()
    {
        // Without chromium (or what Problem checks), leave the app unstarted: each test reports the reason itself.
        if (!File.Exists(ChromiumPath) || Problem is not null)
        {
            return;
        }

        var cancellationToken = TestContext.Current.CancellationToken;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        App = await StartAppAsync(_dataRoot.FullName, timeout.Token);

        var loginUrl = await App.GetDashboardUrlAsync(timeout.Token);
        DashboardBase = new Uri(loginUrl.GetLeftPart(UriPartial.Authority));

        // Only this run's screenshots, so none of them can be mistaken for a current one.
        if (Directory.Exists(ScreenshotFolder))
        {
            Directory.Delete(ScreenshotFolder, recursive: true);
        }

        Directory.CreateDirectory(ScreenshotFolder);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = s_chromiumArgs,
        });
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        Page = await context.NewPageAsync();
        Page.SetDefaultTimeout(30_000);
        await Page.GotoAsync(loginUrl.ToString());
    }

    /// <summary>Saves a full-page screenshot into the test results and returns its path.</summary>
    /// <param name="name">The file name without extension.</param>
    /// <returns>The path.</returns>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {path}");
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
            await AfterStopAsync();
        }

        _dataRoot.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Why the app cannot start here besides chromium; null when it can.</summary>
    protected virtual string? Problem => null;

    /// <summary>Skips (or, under CI, fails) the test for what <see cref="Problem"/> reports.</summary>
    protected virtual void RequireMore()
    {
    }

    /// <summary>Starts the AppHost with its dashboard.</summary>
    /// <param name="dataRoot">A private folder for sqld's data.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The started app.</returns>
    protected virtual Task<DistributedApplication> StartAppAsync(string dataRoot, CancellationToken cancellationToken) =>
        AppHostRunner.StartAsync(dataRoot, cancellationToken, enableDashboard: true);

    /// <summary>Cleans up after the app stopped.</summary>
    /// <returns>A task.</returns>
    protected virtual ValueTask AfterStopAsync() => ValueTask.CompletedTask;
}

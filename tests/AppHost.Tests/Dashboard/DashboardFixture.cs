using AppHost.Tests.Container;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using LibsqlAspire.Testing;
using Microsoft.Playwright;

namespace AppHost.Tests.Dashboard;

/// <summary>
/// The AppHost started with its dashboard, sqld in container mode (as in <see cref="ContainerAppHost"/>), and a headless
/// Debian chromium driven by Playwright, logged in through the dashboard's token URL.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium; LIBSQL_CHROMIUM names another build of it.</summary>
    public static string ChromiumPath { get; } =
        Environment.GetEnvironmentVariable("LIBSQL_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static readonly string[] s_chromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private readonly ContainerAppHost.Storage _storage = ContainerAppHost.Storage.NewVolume();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The running app; null when chromium is missing.</summary>
    public DistributedApplication? App { get; private set; }

    /// <summary>A logged-in dashboard page.</summary>
    public IPage Page { get; private set; } = null!;

    /// <summary>The dashboard's base address.</summary>
    public Uri DashboardBase { get; private set; } = null!;

    /// <summary>Where the screenshots go: the test results folder.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard");

    /// <summary>Skips the test (fails it under CI) unless chromium is installed; returns the started app.</summary>
    /// <returns>The app.</returns>
    public DistributedApplication RequireApp()
    {
        if (!File.Exists(ChromiumPath))
        {
            var reason = $"Chromium not found at {ChromiumPath}: run `bash eng/ci-prereqs.sh` (apt-get install chromium) or set LIBSQL_CHROMIUM.";
            if (Requires.IsCi)
            {
                Assert.Fail($"CI must provide this prerequisite: {reason}");
            }

            Assert.Skip(reason);
        }

        ContainerTestEnvironment.Require();
        return App ?? throw new InvalidOperationException("The AppHost with its dashboard did not start.");
    }

    public async ValueTask InitializeAsync()
    {
        // Without chromium or a container runtime, leave the app unstarted: each test reports the reason itself.
        if (!File.Exists(ChromiumPath) || ContainerTestEnvironment.Problem is not null)
        {
            return;
        }

        var cancellationToken = TestContext.Current.CancellationToken;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        (App, _) = await ContainerAppHost.StartAsync(_storage, timeout.Token, enableDashboard: true);

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
            ContainerAppHost.RemoveVolume(_storage);
        }
    }
}

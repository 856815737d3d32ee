using Aspire.Hosting;

namespace AppHost.Tests.Container;

/// <summary>One AppHost started in container mode, on a private volume, shared by the tests that do not restart it.</summary>
public sealed class ContainerAppHostFixture : IAsyncLifetime
{
    private readonly ContainerAppHost.Storage _storage = ContainerAppHost.Storage.NewVolume();

    /// <summary>The running app; null when the prerequisites are missing (each test then skips on its own).</summary>
    public DistributedApplication? App { get; private set; }

    /// <summary>The time from <c>StartAsync</c> to sqld's container healthy.</summary>
    public TimeSpan SqldStartToHealthy { get; private set; }

    /// <summary>The time from <c>StartAsync</c> to every resource healthy.</summary>
    public TimeSpan StartToHealthy { get; private set; }

    /// <summary>The started app; each test calls this first, so a missing prerequisite skips (or, under CI, fails) it.</summary>
    /// <returns>The app.</returns>
    public DistributedApplication RequireApp()
    {
        ContainerTestEnvironment.Require();
        return App ?? throw new InvalidOperationException("The container-mode AppHost did not start.");
    }

    public async ValueTask InitializeAsync()
    {
        // Without a runtime or the image, leave the app unstarted: each test reports the reason itself.
        if (ContainerTestEnvironment.Problem is not null)
        {
            return;
        }

        (App, StartToHealthy) = await ContainerAppHost.StartAsync(_storage, TestContext.Current.CancellationToken);
        SqldStartToHealthy = ContainerAppHost.LastSqldStartToHealthy;
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
            ContainerAppHost.RemoveVolume(_storage);
        }
    }
}

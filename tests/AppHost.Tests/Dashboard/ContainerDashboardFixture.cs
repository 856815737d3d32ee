using AppHost.Tests.Container;
using Aspire.Hosting;

namespace AppHost.Tests.Dashboard;

/// <summary>The dashboard with sqld in container mode (as in <see cref="ContainerAppHost"/>), for what only a container shows.</summary>
public sealed class ContainerDashboardFixture : DashboardFixture
{
    private readonly ContainerAppHost.Storage _storage = ContainerAppHost.Storage.NewVolume();

    /// <inheritdoc />
    public override string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard-container");

    /// <inheritdoc />
    protected override string? Problem => ContainerTestEnvironment.Problem;

    /// <inheritdoc />
    protected override void RequireMore() => ContainerTestEnvironment.Require();

    /// <inheritdoc />
    protected override async Task<DistributedApplication> StartAppAsync(string dataRoot, CancellationToken cancellationToken) =>
        (await ContainerAppHost.StartAsync(_storage, cancellationToken, enableDashboard: true)).App;

    /// <inheritdoc />
    protected override ValueTask AfterStopAsync()
    {
        ContainerAppHost.RemoveVolume(_storage);
        return ValueTask.CompletedTask;
    }
}

using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AppHost.Tests.Container;

/// <summary>
/// Starts the real AppHost under DCP in container mode: sqld is the container resource <c>AddLibsql</c> builds, with
/// its image switched to <see cref="ContainerTestEnvironment.Image"/> and its data mount replaced by the one a test
/// asks for (a private named volume or a bind mount, so a developer's own AppHost volume is never touched).
/// </summary>
internal static class ContainerAppHost
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The resources that must be healthy before a test runs.</summary>
    public static readonly IReadOnlyList<string> Resources = ["db", "reports", "api", "api-readonly"];

    /// <summary>From <c>StartAsync</c> to sqld healthy, in the last start.</summary>
    public static TimeSpan LastSqldStartToHealthy { get; private set; }

    /// <summary>Where sqld's data lives.</summary>
    /// <param name="VolumeName">A named volume (null = use <paramref name="BindMountSource"/>).</param>
    /// <param name="BindMountSource">A host folder.</param>
    /// <param name="Persistent">Run the container with <c>ContainerLifetime.Persistent</c>.</param>
    public sealed record Storage(string? VolumeName, string? BindMountSource = null, bool Persistent = false)
    {
        /// <summary>A fresh, uniquely named volume (remove it with <see cref="RemoveVolume"/>).</summary>
        /// <returns>The storage.</returns>
        public static Storage NewVolume() => new($"libsql-test-{Guid.NewGuid():N}"[..24]);
    }

    /// <summary>Starts the AppHost and waits until every resource in <see cref="Resources"/> is healthy.</summary>
    /// <param name="storage">sqld's data mount and lifetime.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="enableDashboard">Start the dashboard too.</param>
    /// <returns>The running app and the time from <c>StartAsync</c> to all healthy.</returns>
    public static async Task<(DistributedApplication App, TimeSpan StartToHealthy)> StartAsync(Storage storage, CancellationToken cancellationToken, bool enableDashboard = false)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ContainerTestEnvironment.Require();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            new DistributedApplicationTestingBuilderOptions { EnableDashboard = enableDashboard }, ["--Libsql:RunMode=Container", AppHostRunner.UserSecretsArgument], timeout.Token);
        if (enableDashboard)
        {
            // The testing builder turns the dashboard's prompts off; a command with inputs (Mint token) needs them.
            builder.Configuration["ASPIRE_INTERACTIVITY_ENABLED"] = "true";
        }

        // Kept in memory, not echoed to the console.
        builder.Services.AddLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Information).AddFakeLogging());

        var sqld = builder.Resources.OfType<LibsqlServerResource>().Single(r => r.Name == "db");
        ContainerTestEnvironment.UseImageUnderTest(sqld);
        foreach (var mount in sqld.Annotations.OfType<ContainerMountAnnotation>().Where(m => m.Target == LibsqlServerResource.DataPath).ToList())
        {
            sqld.Annotations.Remove(mount);
        }

        var server = builder.CreateResourceBuilder(sqld);
        if (storage.VolumeName is not null)
        {
            server.WithDataVolume(storage.VolumeName);
        }
        else
        {
            server.WithDataBindMount(storage.BindMountSource ?? throw new ArgumentException("Give a volume name or a bind mount source.", nameof(storage)));
        }

        if (storage.Persistent)
        {
            server.WithLifetime(ContainerLifetime.Persistent);
        }

        var app = await builder.BuildAsync(timeout.Token);
        try
        {
            var stopwatch = Stopwatch.StartNew();
            await app.StartAsync(timeout.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("db", timeout.Token);
            LastSqldStartToHealthy = stopwatch.Elapsed;
            foreach (var name in Resources)
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
            }

            return (app, stopwatch.Elapsed);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>The runtime's id of sqld's container, from the resource's state in Aspire.</summary>
    /// <param name="app">The running app.</param>
    /// <returns>The container id.</returns>
    public static string ContainerId(this DistributedApplication app)
    {
        Assert.True(app.ResourceNotifications.TryGetCurrentState("db", out var state), "db has no state");
        var id = state.Snapshot.Properties.FirstOrDefault(p => p.Name == "container.id")?.Value?.ToString();
        Assert.False(string.IsNullOrEmpty(id), "db has no container id");
        return id;
    }

    /// <summary>Removes a volume a test created (best effort: a failure here must not hide the test's outcome).</summary>
    /// <param name="storage">The storage the test used.</param>
    public static void RemoveVolume(Storage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (storage.VolumeName is null)
        {
            return;
        }

        // DCP may still be winding down after DisposeAsync and recreate a volume it sees vanish; look again shortly.
        for (var attempt = 0; attempt < 3 && ContainerTestEnvironment.Run("volume", "inspect", storage.VolumeName).Succeeded; attempt++)
        {
            ContainerTestEnvironment.Run("volume", "rm", "-f", storage.VolumeName);
            Thread.Sleep(TimeSpan.FromSeconds(2));
        }
    }
}

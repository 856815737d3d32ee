using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace AppHost.Tests;

/// <summary>
/// The health-gated dashboard commands follow the server's real health: stopping the running sqld stand-in disables
/// them on the server and on its database, and starting it again enables them. Its own AppHost: it stops the server.
/// </summary>
[Collection(nameof(AppHostTests))]
public sealed class CommandStateTests
{
    private static readonly string[] s_serverCommands = ["libsql-show-tables", "libsql-query", "libsql-dump", "libsql-checkpoint", "libsql-reset"];
    private static readonly string[] s_databaseCommands = ["libsql-query", "libsql-dump", "libsql-checkpoint", "libsql-reset"];
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Stopping_the_server_disables_its_health_gated_commands_and_starting_it_enables_them_again()
    {
        var dataRoot = Directory.CreateTempSubdirectory("libsql-apphost-command-state-");
        try
        {
            await using var app = await AppHostRunner.StartAsync(dataRoot.FullName, TestContext.Current.CancellationToken);
            await WaitForCommandsAsync(app, ResourceCommandState.Enabled);

            var stopped = await app.ResourceCommands.ExecuteCommandAsync(app.Resource("db"), KnownResourceCommands.StopCommand, TestContext.Current.CancellationToken);
            Assert.True(stopped.Success, stopped.Message);
            await WaitForCommandsAsync(app, ResourceCommandState.Disabled);

            var started = await app.ResourceCommands.ExecuteCommandAsync(app.Resource("db"), KnownResourceCommands.StartCommand, TestContext.Current.CancellationToken);
            Assert.True(started.Success, started.Message);
            await WaitForCommandsAsync(app, ResourceCommandState.Enabled);

            // Enabled means usable: the server answers the command again.
            var tables = await app.ResourceCommands.ExecuteCommandAsync(app.Resource("db"), "libsql-show-tables", TestContext.Current.CancellationToken);
            Assert.True(tables.Success, tables.Message);
            await app.StopAsync(TestContext.Current.CancellationToken);
        }
        finally
        {
            dataRoot.Delete(recursive: true);
        }
    }

    /// <summary>Waits until the published snapshots of <c>db</c> and <c>reports</c> show every health-gated command in <paramref name="state"/>.</summary>
    private static async Task WaitForCommandsAsync(DistributedApplication app, ResourceCommandState state)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(s_timeout);
        foreach (var (resource, commands) in new[] { ("db", s_serverCommands), ("reports", s_databaseCommands) })
        {
            try
            {
                await app.ResourceNotifications.WaitForResourceAsync(resource, e => commands.All(name => e.Snapshot.Commands.Any(c => c.Name == name && c.State == state)), timeout.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                app.ResourceNotifications.TryGetCurrentState(resource, out var current);
                var shown = current is null ? "no snapshot" : string.Join(", ", current.Snapshot.Commands.Select(c => $"{c.Name}={c.State}"));
                Assert.Fail($"{resource}'s commands did not all become {state} within {s_timeout} (state {current?.Snapshot.State?.Text}, health {current?.Snapshot.HealthStatus}): {shown}");
            }
        }
    }
}

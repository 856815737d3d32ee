using System.Reflection;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Libsql.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace AppHost.Tests;

/// <summary>
/// A server and its database report healthy as soon as they are, on their first health report: Aspire re-checks a
/// resource that reported unhealthy only after 1, 2, 3, 4, then every 5 seconds, so a first report made while sqld was
/// still starting would leave everything that waits for it waiting for those pauses.
/// </summary>
[Collection(nameof(AppHostTests))]
public sealed class HealthProbeTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_server_that_starts_slowly_and_its_database_are_never_reported_unhealthy_on_the_way_to_healthy()
    {
        using var key = LibsqlSigningKey.Generate();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--Libsql:RunMode=LocalProcess", $"--Parameters:slowdb-signing-key={key.ExportBase64Url()}"], Token);
        foreach (var resource in builder.Resources.ToList())
        {
            builder.Resources.Remove(resource);
        }

        builder.Services.AddLogging(logging => logging.ClearProviders());
        // Two seconds between the process starting (Running) and sqld answering.
        var server = builder.AddLibsqlExecutable("slowdb", new LibsqlLocalProcess("sh", ["-c", "sleep 2; exec dotnet \"$0\" \"$@\"", TestServerPath()]));
        server.AddDatabase("slowdata").WithCreationScript("CREATE TABLE t (x);");
        await using var app = await builder.BuildAsync(Token);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(AppHostRunner.StartTimeout);
        var reports = new List<(string Resource, string Check, HealthStatus? Status)>();
        var watch = Task.Run(async () =>
        {
            await foreach (var update in app.ResourceNotifications.WatchAsync(timeout.Token))
            {
                lock (reports)
                {
                    reports.AddRange(update.Snapshot.HealthReports.Select(r => (update.Resource.Name, r.Name, r.Status)));
                }
            }
        }, timeout.Token);

        await app.StartAsync(timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("slowdb", timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("slowdata", timeout.Token);
        await timeout.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watch);

        lock (reports)
        {
            Assert.Contains(reports, r => r is ("slowdb", "slowdb_init_check", HealthStatus.Healthy));
            Assert.Contains(reports, r => r is ("slowdata", "slowdata_namespace_check", HealthStatus.Healthy));
            Assert.DoesNotContain(reports, r => r.Status == HealthStatus.Unhealthy);
        }
    }

    /// <summary>The test server the AppHost project runs without a container runtime (built with it).</summary>
    private static string TestServerPath() =>
        Assembly.Load(new AssemblyName("AppHost")).GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "LibsqlTestServerPath").Value!;
}

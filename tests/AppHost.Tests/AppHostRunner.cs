using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AppHost.Tests;

/// <summary>Starts the real AppHost under DCP with sqld as a local process (the test server) and a private data folder.</summary>
internal static class AppHostRunner
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public static async Task<DistributedApplication> StartAsync(string dataRoot, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--Libsql:RunMode=LocalProcess", $"--Libsql:DataRoot={dataRoot}"], timeout.Token);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());

        var app = await builder.BuildAsync(timeout.Token);
        try
        {
            await app.StartAsync(timeout.Token);
            foreach (var name in new[] { "db", "reports", "api", "api-readonly" })
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
            }

            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public static IResource Resource(this DistributedApplication app, string name) =>
        app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == name);

    /// <summary>A plain client (no resilience handler: POSTs must not be retried) on a resource's http endpoint.</summary>
    public static HttpClient Client(this DistributedApplication app, string resourceName) =>
        new() { BaseAddress = app.GetEndpoint(resourceName, "http"), Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<Dictionary<string, string>> ConnectionStringAsync(this DistributedApplication app, string resourceName, CancellationToken cancellationToken)
    {
        var text = await app.GetConnectionStringAsync(resourceName, cancellationToken) ?? throw new InvalidOperationException($"{resourceName} has no connection string");
        return text.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.OrdinalIgnoreCase);
    }
}

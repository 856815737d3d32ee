using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AppHost.Tests;

/// <summary>Starts the real AppHost under DCP with sqld as a local process (the test server) and a private data folder.</summary>
internal static class AppHostRunner
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The user-secrets store the tests' AppHosts keep generated parameters (sqld's signing key) in, instead of the
    /// AppHost project's own (<c>libsql-aspire-apphost</c>), which belongs to the developer's <c>dotnet run</c>.
    /// </summary>
    public const string UserSecretsId = "libsql-aspire-apphost-tests";

    /// <summary>The command-line argument that points an AppHost at <see cref="UserSecretsId"/> (Aspire's ASPIRE_USER_SECRETS_ID).</summary>
    public const string UserSecretsArgument = "--ASPIRE_USER_SECRETS_ID=" + UserSecretsId;

    public static async Task<DistributedApplication> StartAsync(string dataRoot, CancellationToken cancellationToken, bool enableDashboard = false)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            new DistributedApplicationTestingBuilderOptions { EnableDashboard = enableDashboard },
            ["--Libsql:RunMode=LocalProcess", $"--Libsql:DataRoot={dataRoot}", UserSecretsArgument], timeout.Token);
        if (enableDashboard)
        {
            // The testing builder turns the dashboard's prompts off; a command with inputs (Mint token) needs them.
            builder.Configuration["ASPIRE_INTERACTIVITY_ENABLED"] = "true";
        }

        // Everything the AppHost logs is kept in memory for the no-secrets-in-logs test, and not echoed to the console.
        builder.Services.AddLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddFakeLogging());

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
        catch (Exception ex) when (ex is OperationCanceledException or DistributedApplicationException)
        {
            string log;
            try
            {
                log = await ResourceLogAsync(app, "db", cancellationToken);
            }
            catch (TimeoutException timedOut)
            {
                log = timedOut.Message;
            }

            await app.DisposeAsync();
            throw new InvalidOperationException($"The AppHost did not become healthy within {StartTimeout}. sqld's log:\n{log}", ex);
        }
    }

    /// <summary>A resource's log lines so far; throws <see cref="TimeoutException"/> when they cannot all be read.</summary>
    public static async Task<string> ResourceLogAsync(DistributedApplication app, string resourceName, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        var lines = new List<string>();
        // Logs of DCP resources are kept under their instance id (e.g. db-abcdefgh), not the model name.
        var resourceId = app.ResourceNotifications.TryGetCurrentState(resourceName, out var state) ? state.ResourceId : resourceName;
        try
        {
            await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(resourceId).WithCancellation(timeout.Token))
            {
                lines.AddRange(batch.Select(line => line.Content));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A partial log proves nothing to the secret scan: fail rather than scan what arrived.
            throw new TimeoutException($"Reading {resourceName}'s log did not finish within 15 s; {lines.Count} lines had arrived.");
        }

        return string.Join('\n', lines);
    }

    public static IResource Resource(this DistributedApplication app, string name) =>
        app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == name);

    /// <summary>A plain client (no resilience handler: POSTs must not be retried) on a resource's http endpoint.</summary>
    public static HttpClient Client(this DistributedApplication app, string resourceName, TimeSpan? timeout = null) =>
        new() { BaseAddress = app.GetEndpoint(resourceName, "http"), Timeout = timeout ?? TimeSpan.FromSeconds(30) };

    public static async Task<Dictionary<string, string>> ConnectionStringAsync(this DistributedApplication app, string resourceName, CancellationToken cancellationToken)
    {
        var text = await app.GetConnectionStringAsync(resourceName, cancellationToken) ?? throw new InvalidOperationException($"{resourceName} has no connection string");
        return text.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.OrdinalIgnoreCase);
    }
}

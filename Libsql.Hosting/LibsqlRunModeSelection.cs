using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The parts of <c>AddLibsqlWithLocalFallback</c> around the decision itself: reading <c>Libsql:RunMode</c>, and
/// saying why the server runs as a local process when the container was preferred.
/// </summary>
internal static class LibsqlRunModeSelection
{
    public const string ConfigurationKey = "Libsql:RunMode";
    private const string FallbackPropertyName = "libsql.fallback";

    /// <summary>The configured mode; <see cref="LibsqlRunMode.Auto"/> when the key is absent.</summary>
    /// <exception cref="ArgumentException">The key holds something other than Auto, Container or LocalProcess.</exception>
    public static LibsqlRunMode Read(IConfiguration configuration)
    {
        var text = configuration[ConfigurationKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return LibsqlRunMode.Auto;
        }

        return Enum.TryParse<LibsqlRunMode>(text, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : throw new ArgumentException($"Configuration '{ConfigurationKey}' is '{text}'; use Auto, Container or LocalProcess.");
    }

    /// <summary>
    /// Records why the container was not used and, when the process starts, writes it as a warning to the AppHost's
    /// log and the resource's log, and shows it as a property of the resource in the dashboard.
    /// </summary>
    public static void ReportFallback(IResourceBuilder<LibsqlExecutableResource> server, LibsqlLocalProcess localProcess, string reason)
    {
        var message = $"libSQL server '{server.Resource.Name}' runs as a local process ({localProcess.Command}) instead of the sqld container: {reason} Set {ConfigurationKey}=Container to force the container.";
        ((ILibsqlServerResource)server.Resource).State.FallbackReason = message;
        server.OnBeforeResourceStarted(async (resource, @event, _) =>
        {
            @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource).LogWarning("{Message}", message);
            @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Libsql.Hosting").LogWarning("{Message}", message);
            await @event.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(resource, snapshot => snapshot with
            {
                Properties = [.. snapshot.Properties.Where(p => p.Name != FallbackPropertyName), new(FallbackPropertyName, message)],
            }).ConfigureAwait(false);
        });
    }
}

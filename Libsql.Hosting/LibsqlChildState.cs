using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Gives the database and access resources of a local-process or existing server the server's state. Aspire 13.6
/// passes a parent's state on to its children only when the parent is a container it runs; without this, children of
/// an executable or of an existing server stay stateless in the dashboard and <c>WaitFor</c> on them never returns.
/// </summary>
internal static class LibsqlChildState
{
    public static void MirrorServer<T>(IResourceBuilder<T> child, ILibsqlServerResource server) where T : IResource
    {
        child.OnInitializeResource((resource, @event, cancellationToken) =>
        {
            // Decided at run time: RunAsExisting may come after AddDatabase.
            if (server is not ExecutableResource && server.State.ExistingUrl is null)
            {
                return Task.CompletedTask;
            }

            var stopping = @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            _ = Task.Run(() => MirrorAsync(resource, server, @event.Notifications, stopping), stopping);
            return Task.CompletedTask;
        });
    }

    private static async Task MirrorAsync(IResource child, ILibsqlServerResource server, ResourceNotificationService notifications, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!ReferenceEquals(update.Resource, server))
                {
                    continue;
                }

                var snapshot = update.Snapshot;
                await notifications.PublishUpdateAsync(child, s => s with
                {
                    State = snapshot.State,
                    StartTimeStamp = snapshot.StartTimeStamp,
                    StopTimeStamp = snapshot.StopTimeStamp,
                }).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The AppHost is stopping.
        }
    }
}

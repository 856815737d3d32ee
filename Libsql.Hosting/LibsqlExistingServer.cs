using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Turns the sqld container resource into a reference to a server that runs elsewhere (RunAsExisting /
/// PublishAsExisting), while the model is built: without an image annotation Aspire neither starts it nor writes a
/// container to the manifest; the resource publishes its own state and its health is a query on that server.
/// </summary>
internal static class LibsqlExistingServer
{
    public static void Apply(IResourceBuilder<LibsqlServerResource> builder, ParameterResource url, ParameterResource? authToken)
    {
        var server = builder.Resource;
        var state = ((ILibsqlServerResource)server).State;
        var appBuilder = builder.ApplicationBuilder;
        if (state.ExistingUrl is not null)
        {
            throw new InvalidOperationException($"libSQL server '{server.Name}' is already an existing server; call RunAsExisting/PublishAsExisting once per mode.");
        }

        if (authToken is { Secret: false })
        {
            throw new ArgumentException($"The token parameter '{authToken.Name}' of libSQL server '{server.Name}' must be secret: create it with AddParameter(\"{authToken.Name}\", secret: true).", nameof(authToken));
        }

        if (appBuilder.Resources.OfType<LibsqlAccessResource>().FirstOrDefault(a => ReferenceEquals(a.Server, server)) is { } access)
        {
            throw AccessRefused(server.Name, access.Name);
        }

        state.ExistingUrl = url;
        state.AuthToken = authToken;
        if (state.SigningKeyIsGenerated && state.SigningKey is not null)
        {
            appBuilder.Resources.Remove(state.SigningKey);
        }

        state.SigningKey = null;
        state.SigningKeyIsGenerated = false;

        // What would make Aspire start, allocate or probe a container goes; the commands need a server the AppHost runs.
        var initCheck = LibsqlInitialization.HealthCheckKey(server);
        var removed = server.Annotations.Where(a => a is ContainerImageAnnotation or EndpointAnnotation or ResourceCommandAnnotation or ContainerMountAnnotation
            || a is HealthCheckAnnotation check && check.Key != initCheck).ToList();
        foreach (var annotation in removed)
        {
            server.Annotations.Remove(annotation);
        }

        // Databases added before the switch lose their commands too (those added after never get them).
        foreach (var database in appBuilder.Resources.OfType<LibsqlDatabaseResource>().Where(d => ReferenceEquals(d.Parent, server)))
        {
            foreach (var command in database.Annotations.OfType<ResourceCommandAnnotation>().ToList())
            {
                database.Annotations.Remove(command);
            }
        }

        builder.WithManifestPublishingCallback(context =>
        {
            context.Writer.WriteString("type", "value.v0");
            context.Writer.WriteString("connectionString", server.ConnectionStringExpression.ValueExpression);
        });

        builder.OnInitializeResource(async (resource, @event, _) =>
        {
            ((ILibsqlServerResource)resource).State.OnStarting(@event.Services);
            await @event.Notifications.PublishUpdateAsync(resource, snapshot => snapshot with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
            }).ConfigureAwait(false);
        });
    }

    public static InvalidOperationException AccessRefused(string serverName, string accessName) =>
        new($"Access resource '{accessName}' cannot be added to libSQL server '{serverName}' in existing-server mode (RunAsExisting/PublishAsExisting): its token would have to be signed by that server's key, which the AppHost does not hold. Give the consumer a token of its own through a secret parameter instead.");

    /// <summary>The existing server's health: a query with the given token on the default namespace and each database's.</summary>
    public static async Task<HealthCheckResult> CheckAsync(ILibsqlServerResource server, CancellationToken cancellationToken)
    {
        var state = server.State;
        var url = await state.ExistingUrl!.GetValueAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "libsql"))
        {
            return HealthCheckResult.Unhealthy($"The URL parameter '{state.ExistingUrl.Name}' of libSQL server '{server.Name}' must be an absolute http://, https:// or libsql:// URL.");
        }

        // libsql:// is Hrana over HTTPS (what Turso serves), or HTTP with ?tls=0, as libSQL's clients read it.
        var scheme = uri.Scheme != "libsql" ? uri.Scheme : uri.Query.Contains("tls=0", StringComparison.Ordinal) ? "http" : "https";
        var baseUri = new UriBuilder(scheme, uri.Host, uri.Port, uri.AbsolutePath).Uri;
        var token = state.AuthToken is null ? null : await state.AuthToken.GetValueAsync(cancellationToken).ConfigureAwait(false);
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(15) };
        // With databases the server runs namespaces, and sqld would read a namespace from the host name's first label
        // (127.0.0.1 → "127") unless told: so the default one is named.
        string?[] namespaces = state.NamespacesEnabled ? ["default", .. state.Databases.Values.Distinct(StringComparer.Ordinal)] : [null];
        foreach (var namespaceName in namespaces)
        {
            try
            {
                await LibsqlHranaQuery.RunAsync(http, token, namespaceName, ["SELECT 1"], cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                var where = namespaceName is null or "default" ? "" : $" in namespace '{namespaceName}' (a database on an existing server must exist there)";
                return HealthCheckResult.Unhealthy($"The existing libSQL server '{server.Name}' does not answer SELECT 1{where}: {ex.Message}");
            }

            if (namespaceName is not null)
            {
                state.CreatedNamespaces[namespaceName] = true;
            }
        }

        return HealthCheckResult.Healthy();
    }
}

using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>Creates the namespaces behind <c>AddDatabase</c> through sqld's admin API.</summary>
internal static class LibsqlNamespaces
{
    public static async Task CreateAllAsync(ILibsqlServerResource server, IServiceProvider services, CancellationToken cancellationToken)
    {
        var state = server.State;
        if (!state.NamespacesEnabled || state.Databases.Count == 0)
        {
            return;
        }

        var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
        var adminUrl = await server.AdminEndpoint.GetValueAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new DistributedApplicationException($"The admin endpoint of libSQL server '{server.Name}' has no URL.");
        var adminKey = await state.AdminKey!.GetValueAsync(cancellationToken).ConfigureAwait(false);

        using var http = new HttpClient { BaseAddress = new Uri(adminUrl), Timeout = TimeSpan.FromSeconds(30) };
        foreach (var namespaceName in state.Databases.Values.Distinct(StringComparer.Ordinal))
        {
            await CreateAsync(http, adminKey, namespaceName, logger, cancellationToken).ConfigureAwait(false);
            state.CreatedNamespaces[namespaceName] = true;
        }
    }

    private static async Task CreateAsync(HttpClient http, string? adminKey, string namespaceName, ILogger logger, CancellationToken cancellationToken)
    {
        // The admin listener starts with the user API, but give it a moment rather than fail a start on a race.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/namespaces/{Uri.EscapeDataString(namespaceName)}/create")
                {
                    Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
                };
                if (!string.IsNullOrEmpty(adminKey))
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Basic", adminKey);
                }

                using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    logger.LogInformation("Created namespace '{Namespace}'.", namespaceName);
                    return;
                }

                if (response.StatusCode == HttpStatusCode.BadRequest && body.Contains("already exists", StringComparison.OrdinalIgnoreCase))
                {
                    logger.LogInformation("Namespace '{Namespace}' already exists.", namespaceName);
                    return;
                }

                throw new DistributedApplicationException($"sqld's admin API refused to create namespace '{namespaceName}': {(int)response.StatusCode} {body}");
            }
            catch (HttpRequestException) when (attempt < 10)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

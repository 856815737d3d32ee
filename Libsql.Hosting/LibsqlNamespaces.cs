using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>Creates the namespaces behind <c>AddDatabase</c> through sqld's admin API.</summary>
internal static class LibsqlNamespaces
{
    /// <summary>Creates the namespace unless it exists; retries while the admin listener is not up yet.</summary>
    public static async Task CreateAsync(HttpClient http, string? adminKey, string namespaceName, ILogger logger, CancellationToken cancellationToken)
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

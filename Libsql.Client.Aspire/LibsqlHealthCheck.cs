using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Libsql.Client;

/// <summary>Healthy when the server answers <c>SELECT 1</c>.</summary>
public sealed class LibsqlHealthCheck : IHealthCheck
{
    private readonly LibsqlClient _client;
    private readonly TimeSpan? _timeout;

    /// <summary>Creates the check.</summary>
    /// <param name="client">The client to probe with.</param>
    /// <param name="timeout">Time limit; null relies on the client's timeout.</param>
    public LibsqlHealthCheck(LibsqlClient client, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _timeout = timeout;
    }

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_timeout is { } limit)
        {
            timeout.CancelAfter(limit);
        }

        try
        {
            var result = await _client.ExecuteAsync("SELECT 1", cancellationToken: timeout.Token).ConfigureAwait(false);
            return result.Rows.Count == 1 && result.Rows[0].GetValue<long>(0) == 1
                ? HealthCheckResult.Healthy()
                : new HealthCheckResult(context.Registration.FailureStatus, "SELECT 1 returned an unexpected result.");
        }
        catch (Exception ex) when (ex is LibsqlException or OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, ex.Message, ex);
        }
    }
}

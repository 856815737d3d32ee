namespace Libsql.TestServer.Hosting;

/// <summary>
/// Keeps the hosts from hooking Ctrl+C / SIGTERM: in-process the test host owns those signals, and standalone
/// the tool's <c>Program</c> (Libsql.TestServer.Tool) handles them once for both listeners.
/// </summary>
internal sealed class NoopHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

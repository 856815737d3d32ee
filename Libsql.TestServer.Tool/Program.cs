using System.Runtime.InteropServices;
using Libsql.TestServer.Container;
using Libsql.TestServer.Hosting;

namespace Libsql.TestServer;

/// <summary>
/// Standalone entry point (<c>libsql-test-server</c>, or <c>dotnet run --project Libsql.TestServer.Tool</c>): reads sqld's variables and flags,
/// prints one <c>listening on http://…</c> line when ready and stops cleanly on Ctrl+C / SIGTERM.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        ContainerEntrypoint.RunIfInvokedAsEntrypoint(args);

        ServerSettings settings;
        try
        {
            settings = StandaloneSettings.Parse(args, Environment.GetEnvironmentVariable, Console.Error);
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync("Libsql.TestServer: " + e.Message).ConfigureAwait(false);
            return 2;
        }

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }

        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal);

        var server = await LibsqlTestServer.StartAsync(settings, ownsSigningKey: false, CancellationToken.None).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            var authority = server.Uri.GetLeftPart(UriPartial.Authority);
            if (server.AdminUri is not null)
            {
                await Console.Error.WriteLineAsync($"admin API on {server.AdminUri.GetLeftPart(UriPartial.Authority)}").ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync($"data in {server.DatabasePath}; auth {(settings.JwtKeys is null ? "off" : "on")}; namespaces {(settings.EnableNamespaces ? "on" : "off")}; protobuf {(settings.EnableProtobuf ? "on" : "off")}").ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"listening on {authority}").ConfigureAwait(false);
            await Console.Out.FlushAsync().ConfigureAwait(false);
            await stop.Task.ConfigureAwait(false);
        }

        return 0;
    }
}

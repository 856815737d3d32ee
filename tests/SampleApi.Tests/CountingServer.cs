using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SampleApi.Tests;

/// <summary>A loopback HTTP server that answers every request with one status and counts what it got.</summary>
public sealed class CountingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _requests = new();

    private CountingServer(WebApplication app) => _app = app;

    /// <summary>The base address, <c>http://127.0.0.1:port</c>.</summary>
    public Uri Uri { get; private set; } = null!;

    /// <summary>Every request received, as "METHOD /path".</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Starts the server on a free port.</summary>
    /// <param name="status">The status every request gets.</param>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <returns>The running server.</returns>
    public static async Task<CountingServer> StartAsync(int status, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new CountingServer(app);
        app.Run(context =>
        {
            server._requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.Uri = new Uri(address);
        return server;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

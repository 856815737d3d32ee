using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SampleApi.Tests;

/// <summary>
/// A loopback HTTP proxy in front of a database server that forwards every request until told to fail them: with
/// a fixed status, or by never answering.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private volatile Fault? _fault;

    private FaultProxy(WebApplication app, Uri upstream)
    {
        _app = app;
        _upstream = new HttpClient { BaseAddress = upstream };
    }

    /// <summary>The proxy's base address.</summary>
    public Uri Uri { get; private set; } = null!;

    /// <summary>What requests get from now on: null forwards, a status answers, <see cref="Fault.Hang"/> never answers.</summary>
    public Fault? Fault
    {
        get => _fault;
        set => _fault = value;
    }

    /// <summary>Starts a proxy to <paramref name="upstream"/> on a free port.</summary>
    public static async Task<FaultProxy> StartAsync(Uri upstream, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new FaultProxy(app, upstream);
        app.Run(proxy.HandleAsync);
        await app.StartAsync(cancellationToken);
        proxy.Uri = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        return proxy;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var fault = _fault;
        if (fault is { WhenBodyContains: { } text } && body.ToArray().AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) < 0)
        {
            fault = null;
        }

        switch (fault)
        {
            case { Hang: true }:
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                return;
            case { Status: var status }:
                context.Response.StatusCode = status;
                return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        request.Content = new ByteArrayContent(body.ToArray());
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values);
            }
            else if (name is not "Host")
            {
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values);
            }
        }

        using var response = await _upstream.SendAsync(request, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } type)
        {
            context.Response.ContentType = type.ToString();
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}

/// <summary>How <see cref="FaultProxy"/> fails a request.</summary>
/// <param name="Status">The status to answer with.</param>
/// <param name="Hang">Never answer instead.</param>
/// <param name="WhenBodyContains">Fail only requests whose body holds this text (Protobuf and JSON both carry SQL as UTF-8); forward the rest.</param>
public sealed record Fault(int Status, bool Hang = false, string? WhenBodyContains = null)
{
    /// <summary>Never answers.</summary>
    public static Fault Hung { get; } = new(0, Hang: true);
}

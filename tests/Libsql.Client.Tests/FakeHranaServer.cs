using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Libsql.Client.Tests;

/// <summary>
/// A scripted HTTP server speaking just enough Hrana JSON v3 to observe what the client sends: it counts and records
/// POSTs and answers each with the next scripted response (status code, a canned one-row result, a given JSON body,
/// or a dropped connection: a response lost after the request arrived).
/// </summary>
public sealed class FakeHranaServer : IAsyncDisposable
{
    public const string OneRowResult =
        """{"baton":null,"base_url":null,"results":[{"type":"ok","response":{"type":"execute","result":{"cols":[{"name":"1","decltype":null}],"rows":[[{"type":"integer","value":"1"}]],"affected_row_count":0,"last_insert_rowid":null}}},{"type":"ok","response":{"type":"close"}}]}""";

    private readonly WebApplication _app;
    private readonly Queue<Func<HttpContext, Task>> _script = new();
    private readonly List<string> _bodies = [];
    private readonly SemaphoreSlim _posted = new(0);
    private int _posts;
    private int _inFlight;
    private int _maxInFlight;

    private FakeHranaServer(WebApplication app) => _app = app;

    public Uri Uri { get; private set; } = null!;

    public int PostCount => Volatile.Read(ref _posts);

    public TimeSpan Delay { get; set; }

    /// <summary>The most POSTs the server was handling at one time.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>The bodies of the POSTs received so far, with their paths first (<c>/v3/pipeline {...}</c>).</summary>
    public IReadOnlyList<string> Bodies
    {
        get
        {
            lock (_bodies)
            {
                return [.. _bodies];
            }
        }
    }

    public static async Task<FakeHranaServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeHranaServer(app);
        app.MapGet("/v3-protobuf", () => Results.NotFound());
        app.MapGet("/v3", () => Results.Ok());
        app.MapPost("/v3/pipeline", server.HandleAsync);
        app.MapPost("/pinned/v3/pipeline", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Uri = new Uri(address + "/");
        return server;
    }

    /// <summary>Waits until <paramref name="count"/> POSTs have arrived (at most 30 s, then fails saying how many did).</summary>
    public async Task WaitForPostsAsync(int count, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            while (PostCount < count)
            {
                await _posted.WaitAsync(timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"Expected {count} POSTs within 30 s; {PostCount} arrived.");
        }
    }

    public FakeHranaServer Then(int statusCode)
    {
        lock (_script)
        {
            _script.Enqueue(context =>
            {
                context.Response.StatusCode = statusCode;
                return context.Response.WriteAsync("""{"error":"scripted failure"}""");
            });
        }

        return this;
    }

    /// <summary>Answers the next POST with this status and JSON body.</summary>
    public FakeHranaServer Then(int statusCode, string json)
    {
        lock (_script)
        {
            _script.Enqueue(context =>
            {
                context.Response.StatusCode = statusCode;
                context.Response.ContentType = "application/json";
                return context.Response.WriteAsync(json);
            });
        }

        return this;
    }

    public FakeHranaServer ThenOneRow()
    {
        lock (_script)
        {
            _script.Enqueue(async context =>
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(OneRowResult);
            });
        }

        return this;
    }

    public FakeHranaServer Then(string json)
    {
        lock (_script)
        {
            _script.Enqueue(async context =>
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(json);
            });
        }

        return this;
    }

    /// <summary>Holds the next POST until <paramref name="release"/> completes, then answers it with one row.</summary>
    public FakeHranaServer ThenHold(Task release)
    {
        lock (_script)
        {
            _script.Enqueue(async context =>
            {
                await release;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(OneRowResult);
            });
        }

        return this;
    }

    /// <summary>Drops the connection after reading the request: the client cannot know whether it ran.</summary>
    public FakeHranaServer ThenAbort()
    {
        lock (_script)
        {
            _script.Enqueue(context =>
            {
                context.Abort();
                return Task.CompletedTask;
            });
        }

        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _posted.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using (var reader = new StreamReader(context.Request.Body))
        {
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            lock (_bodies)
            {
                _bodies.Add(context.Request.Path + " " + body);
            }
        }

        Interlocked.Increment(ref _posts);
        _posted.Release();
        var inFlight = Interlocked.Increment(ref _inFlight);
        for (var max = Volatile.Read(ref _maxInFlight); inFlight > max; max = Volatile.Read(ref _maxInFlight))
        {
            Interlocked.CompareExchange(ref _maxInFlight, inFlight, max);
        }

        try
        {
            Func<HttpContext, Task>? step;
            lock (_script)
            {
                _script.TryDequeue(out step);
            }

            // A slow server is what some tests are about: the delay is theirs.
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, context.RequestAborted);
            }

            await (step ?? (c => c.Response.WriteAsync(OneRowResult)))(context);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}

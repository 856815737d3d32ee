using System.Net;
using System.Text;
using Libsql.TestServer.Hrana;
using Libsql.TestServer.Namespaces;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Libsql.TestServer.Hosting;

/// <summary>Builds the user listener (sqld's HTTP API) and the admin listener as minimal ASP.NET Core apps.</summary>
internal static class ServerApps
{
    private const string HelloV2 = "Hello, this is HTTP API v2 (Hrana over HTTP)";

    /// <summary>The sqld release whose behaviour this server follows.</summary>
    public const string SqldVersion = "0.24.33";

    public static WebApplication BuildUserApp(ServerSettings settings, HranaEndpoints hrana, DumpEndpoint dump, LegacyQueryEndpoint legacy)
    {
        var app = CreateBuilder(settings, settings.HttpEndpoint).Build();
        app.UseCors();
        app.MapGet("/health", _ => Task.CompletedTask);
        app.MapGet("/version", http => Text(http, $"sqld {SqldVersion} (Libsql.TestServer)"));
        app.MapGet("/dump", dump.HandleAsync);
        app.MapPost("/", legacy.HandleAsync);

        // sqld's GET / is the Hrana-over-WebSocket upgrade, a 404 for anything else; WebSockets are not offered here.
        app.MapGet("/", http =>
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        app.MapGet("/v1", http => Text(http, "This is sqld HTTP API v1"));
        app.MapPost("/v1/execute", http => hrana.V1Async(http, batch: false));
        app.MapPost("/v1/batch", http => hrana.V1Async(http, batch: true));
        foreach (var probe in new[] { "/v2", "/v3" })
        {
            app.MapGet(probe, http => Text(http, HelloV2));
        }

        app.MapPost("/v2/pipeline", http => hrana.PipelineAsync(http, HranaVersion.V2, HranaEncoding.Json));
        app.MapPost("/v3/pipeline", http => hrana.PipelineAsync(http, HranaVersion.V3, HranaEncoding.Json));
        app.MapPost("/v3/cursor", http => hrana.CursorAsync(http, HranaEncoding.Json));

        // Turso's dev route: the namespace comes from the path.
        app.MapPost("/dev/{ns}/v{version}/pipeline", http => (string)http.Request.RouteValues["version"]! switch
        {
            "2" => hrana.PipelineAsync(http, HranaVersion.V2, HranaEncoding.Json, (string)http.Request.RouteValues["ns"]!),
            "3" => hrana.PipelineAsync(http, HranaVersion.V3, HranaEncoding.Json, (string)http.Request.RouteValues["ns"]!),
            _ => HranaEndpoints.WriteSqldErrorAsync(http, new SqldHttpException(StatusCodes.Status400BadRequest, "Invalid path in URI: `invalid hrana version`"), http.RequestAborted),
        });
        if (settings.EnableProtobuf)
        {
            // Switched off, these answer 404 and the official client falls back to /v2 JSON.
            app.MapGet("/v3-protobuf", http => Text(http, HelloV2));
            app.MapPost("/v3-protobuf/pipeline", http => hrana.PipelineAsync(http, HranaVersion.V3, HranaEncoding.Protobuf));
            app.MapPost("/v3-protobuf/cursor", http => hrana.CursorAsync(http, HranaEncoding.Protobuf));
        }

        return app;
    }

    public static WebApplication BuildAdminApp(ServerSettings settings, NamespaceStore namespaces)
    {
        var app = CreateBuilder(settings, settings.AdminEndpoint!).Build();
        if (settings.AdminAuthKey is { } key)
        {
            app.Use(async (http, next) =>
            {
                if (!IsAdminAuthorized(http.Request, key))
                {
                    http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }

                await next(http).ConfigureAwait(false);
            });
        }

        new AdminApi(namespaces).Map(app);
        return app;
    }

    /// <summary>The address Kestrel actually bound (the port is chosen by the OS when 0 was asked).</summary>
    public static IPEndPoint BoundEndpoint(WebApplication app, IPEndPoint requested)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new IPEndPoint(requested.Address, new Uri(address).Port);
    }

    // sqld's admin auth_middleware: "Basic <key>", scheme case-insensitive, the key compared as is (not base64 of
    // user:pass); anything else is a bare 401.
    private static bool IsAdminAuthorized(HttpRequest request, string key)
    {
        var parts = request.Headers.Authorization.ToString().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 2
            && parts[0].Equals("basic", StringComparison.OrdinalIgnoreCase)
            && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(parts[1]), Encoding.UTF8.GetBytes(key));
    }

    private static WebApplicationBuilder CreateBuilder(ServerSettings settings, IPEndPoint endpoint)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(ServerApps).Assembly.GetName().Name,
        });
        builder.Logging.ClearProviders();
        if (settings.ConsoleLogging)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }

        builder.Services.AddSingleton<IHostLifetime, NoopHostLifetime>();
        builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.AllowAnyOrigin().AllowAnyMethod().AllowAnyHeader()));
        builder.WebHost.UseKestrel(k => k.Listen(endpoint));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        return builder;
    }

    private static Task Text(HttpContext http, string text)
    {
        http.Response.ContentType = "text/plain";
        return http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), http.RequestAborted).AsTask();
    }
}

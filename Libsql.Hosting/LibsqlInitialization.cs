using System.Globalization;
using System.Text;
using Libsql.Auth;
using Libsql.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The server's health check: sqld answers <c>GET /health</c>, and a started server is made ready for its consumers
/// before it reports healthy: creates the namespaces behind <c>AddDatabase</c>, runs each database's creation script
/// and the server's init files. So <c>WaitFor(server)</c> and <c>WaitFor(database)</c> return only after seeding.
/// </summary>
/// <remarks>
/// A script runs only on a database that holds no user objects (nothing in <c>sqlite_schema</c> but SQLite's and
/// libSQL's own), decided when the server first answers. That is what "created empty" means whatever created it (a
/// fresh volume, a new namespace, a folder deleted by hand), needs no marker table in the user's schema, and holds
/// across restarts with a data volume: once a script has committed its objects it never runs again. All statements of
/// one database go in one transaction, so a failing script leaves the database empty, and the corrected script runs
/// on the next start.
/// </remarks>
internal static class LibsqlInitialization
{
    private const int MaxLoggedStatementLength = 2000;

    private const string UserObjectsQuery =
        "SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'libsql\\_%' ESCAPE '\\'";

    /// <summary>
    /// How long one health check waits for a starting server to answer and be initialized. Aspire runs the first check
    /// as soon as the resource is Running and, while it is not healthy, the next ones after 1, 2, 3, 4 and then every
    /// 5 seconds; a check that fails at once while the process is still starting leaves the server unreported for
    /// those pauses. Waiting inside the check reports it healthy as soon as it is. Generous, because a loaded machine
    /// can take that long to start a process; Aspire cancels the check when the process exits.
    /// </summary>
    public static readonly TimeSpan StartupProbeLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a database's check waits for the server's initialization: longer than the server's own probe, which
    /// it follows, plus the namespaces and scripts.
    /// </summary>
    public static readonly TimeSpan InitializationWaitLimit = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan s_startupProbeInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The key of the server's health check, <c>{name}_init_check</c>.</summary>
    public static string HealthCheckKey(IResource server) => $"{server.Name}_init_check";

    public static void Add<T>(IResourceBuilder<T> server) where T : ILibsqlServerResource
    {
        var resource = server.Resource;
        var key = HealthCheckKey(resource);
        server.ApplicationBuilder.Services.AddHealthChecks().AddAsyncCheck(key, cancellationToken => CheckAsync(resource, cancellationToken));
        server.WithHealthCheck(key)
            .OnBeforeResourceStarted((r, @event, _) =>
            {
                r.State.OnStarting(@event.Services);
                return Task.CompletedTask;
            });
    }

    private static async Task<HealthCheckResult> CheckAsync(ILibsqlServerResource server, CancellationToken cancellationToken)
    {
        var state = server.State;
        if (state.ExistingUrl is not null)
        {
            // Not started here, so nothing to create or seed: the databases and their data are the server owner's.
            return await LibsqlExistingServer.CheckAsync(server, cancellationToken).ConfigureAwait(false);
        }

        var initialization = state.Initialization;
        var answeredJustNow = false;
        if (initialization is null)
        {
            if (state.Services is not { } services)
            {
                return HealthCheckResult.Unhealthy("The server has not started yet.");
            }

            var url = await server.HttpEndpoint.GetValueAsync(cancellationToken).ConfigureAwait(false);
            if (url is null || !await AnswersWithinAsync(url, StartupProbeLimit, cancellationToken).ConfigureAwait(false))
            {
                return HealthCheckResult.Unhealthy("Waiting for sqld to answer GET /health.");
            }

            answeredJustNow = true;
            var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            initialization = state.BeginInitialization(() => RunAsync(server, services, url, stopping));
        }

        try
        {
            await initialization.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (LibsqlInitializationException ex)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }

        if (answeredJustNow)
        {
            return HealthCheckResult.Healthy();
        }

        // Initialized earlier in this start: healthy while sqld answers.
        var current = await server.HttpEndpoint.GetValueAsync(cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return HealthCheckResult.Unhealthy("The server has no http endpoint URL.");
        }

        using var client = HealthClient(current);
        return await AnswersAsync(client, cancellationToken).ConfigureAwait(false)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("sqld does not answer GET /health.");
    }

    /// <summary>Probes <c>GET /health</c> every 100 ms until it answers or <paramref name="limit"/> has passed.</summary>
    private static async Task<bool> AnswersWithinAsync(string url, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(limit.TotalSeconds * TimeProvider.System.TimestampFrequency);
        using var http = HealthClient(url);
        while (true)
        {
            if (await AnswersAsync(http, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            if (TimeProvider.System.GetTimestamp() >= deadline)
            {
                return false;
            }

            await Task.Delay(s_startupProbeInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static HttpClient HealthClient(string url) => new() { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(5) };

    private static async Task<bool> AnswersAsync(HttpClient http, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync("health", cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task RunAsync(ILibsqlServerResource server, IServiceProvider services, string url, CancellationToken cancellationToken)
    {
        var state = server.State;
        var logger = services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
        try
        {
            var token = server.IsAuthEnabled
                ? await server.MintTokenAsync(new LibsqlTokenOptions { ExpiresIn = TimeSpan.FromMinutes(10) }, cancellationToken).ConfigureAwait(false)
                : null;
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(100) };

            if (state.NamespacesEnabled && state.Databases.Count > 0)
            {
                var adminUrl = await server.AdminEndpoint.GetValueAsync(cancellationToken).ConfigureAwait(false)
                    ?? throw new LibsqlInitializationException($"The admin endpoint of libSQL server '{server.Name}' has no URL.");
                var adminKey = await state.AdminKey!.GetValueAsync(cancellationToken).ConfigureAwait(false);
                using var admin = new HttpClient { BaseAddress = new Uri(adminUrl), Timeout = TimeSpan.FromSeconds(30) };
                foreach (var namespaceName in state.Databases.Values.Distinct(StringComparer.Ordinal))
                {
                    await LibsqlNamespaces.CreateAsync(admin, adminKey, namespaceName, logger, cancellationToken).ConfigureAwait(false);
                    if (state.CreationScripts.TryGetValue(namespaceName, out var script))
                    {
                        await RunOnceAsync(server, http, token, namespaceName, [new("creation script", script)], logger, cancellationToken).ConfigureAwait(false);
                    }

                    state.CreatedNamespaces[namespaceName] = true;
                }
            }

            if (state.InitSources.Count > 0)
            {
                // Named when namespaces are on: sqld would otherwise read one from the host name (127.0.0.1 → "127").
                await RunOnceAsync(server, http, token, state.NamespacesEnabled ? "default" : null, ReadInitFiles(server), logger, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (LibsqlInitializationException ex)
        {
            logger.LogError("{Message}", ex.Message);
            _ = StopAsync(server, services);
            throw;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Anything else (sqld unreachable, an admin API refusal, an odd answer) fails the start the same way.
            var message = $"Initializing libSQL server '{server.Name}' failed: {ex.Message}";
            logger.LogError("{Message}", message);
            _ = StopAsync(server, services);
            throw new LibsqlInitializationException(message, ex);
        }
    }

    /// <summary>Runs the scripts in one transaction on the (namespace's) database if it holds no user objects.</summary>
    private static async Task RunOnceAsync(ILibsqlServerResource server, HttpClient http, string? token, string? namespaceName, IReadOnlyList<Script> scripts, ILogger logger, CancellationToken cancellationToken)
    {
        var database = namespaceName is null or "default" ? $"libSQL server '{server.Name}'" : $"database (namespace) '{namespaceName}'";
        var objects = (await LibsqlHranaQuery.RunAsync(http, token, namespaceName, [UserObjectsQuery], cancellationToken).ConfigureAwait(false))[0][0][0];
        if (objects != "0")
        {
            logger.LogInformation("The {Database} already holds {Count} schema object(s); its init scripts are not run (they run once, on an empty database).", database, objects);
            return;
        }

        var statements = scripts.SelectMany(script => script.Statements).ToList();
        var failure = await LibsqlHranaQuery.TryRunInTransactionAsync(http, token, namespaceName, statements, cancellationToken).ConfigureAwait(false);
        if (failure is { } error)
        {
            throw new LibsqlInitializationException(Describe(server, database, scripts, error.Index, error.Message));
        }

        logger.LogInformation("Seeded the empty {Database}: {Scripts} ({Count} statement(s), one transaction).",
            database, string.Join(", ", scripts.Select(s => s.Name)), statements.Count);
    }

    private static string Describe(ILibsqlServerResource server, string database, IReadOnlyList<Script> scripts, int index, string error)
    {
        var text = new StringBuilder();
        if (index < 0 || index >= scripts.Sum(s => s.Statements.Count))
        {
            text.Append(CultureInfo.InvariantCulture, $"The init transaction of the {database} failed at {(index < 0 ? "BEGIN" : "COMMIT")}: {error}");
        }
        else
        {
            var offset = index;
            var script = scripts[0];
            foreach (var candidate in scripts)
            {
                script = candidate;
                if (offset < candidate.Statements.Count)
                {
                    break;
                }

                offset -= candidate.Statements.Count;
            }

            var statement = script.Statements[offset];
            if (statement.Length > MaxLoggedStatementLength)
            {
                statement = statement[..MaxLoggedStatementLength] + " …";
            }

            text.Append(CultureInfo.InvariantCulture, $"The {script.Name} of the {database} failed at statement {offset + 1} of {script.Statements.Count}:\n{statement}\nError: {error}");
        }

        text.Append(CultureInfo.InvariantCulture, $"\nNothing was applied (the scripts run in one transaction). Fix the script and restart '{server.Name}'.");
        return text.ToString();
    }

    private static List<Script> ReadInitFiles(ILibsqlServerResource server)
    {
        var scripts = new List<Script>();
        foreach (var source in server.State.InitSources)
        {
            var files = Directory.Exists(source)
                ? Directory.GetFiles(source, "*.sql").Order(StringComparer.Ordinal).ToArray()
                : [source];
            foreach (var file in files)
            {
                string sql;
                try
                {
                    sql = File.ReadAllText(file);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new LibsqlInitializationException($"The init file '{file}' of libSQL server '{server.Name}' cannot be read: {ex.Message}", ex);
                }

                try
                {
                    scripts.Add(new($"init file '{file}'", LibsqlSql.SplitScript(sql)));
                }
                catch (FormatException ex)
                {
                    throw new LibsqlInitializationException($"The init file '{file}' of libSQL server '{server.Name}' is not valid SQL: {ex.Message} Nothing was applied.", ex);
                }
            }
        }

        return scripts;
    }

    /// <summary>
    /// Stops the server so that the failure is final, as a database container whose init script fails exits: resources
    /// waiting for it fail instead of waiting forever, and the log says why.
    /// </summary>
    private static async Task StopAsync(ILibsqlServerResource server, IServiceProvider services)
    {
        try
        {
            await services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(server, KnownResourceCommands.StopCommand, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or DistributedApplicationException or OperationCanceledException)
        {
            services.GetRequiredService<ResourceLoggerService>().GetLogger(server).LogWarning("Could not stop libSQL server '{Name}' after its failed initialization: {Message}", server.Name, ex.Message);
        }
    }

    private sealed record Script(string Name, IReadOnlyList<string> Statements);
}

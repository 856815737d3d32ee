using System.Globalization;
using System.Net;
using Libsql.Auth;
using Libsql.TestServer.Hosting;
using Libsql.TestServer.Hrana;
using Libsql.TestServer.Namespaces;
using Microsoft.Data.Sqlite;

namespace Libsql.TestServer;

/// <summary>
/// A sqld-compatible Hrana-over-HTTP server over SQLite, in this process, for tests and container-free
/// development. The official libSQL clients and Libsql.Client talk to it as to sqld.
/// </summary>
/// <example>
/// <code>
/// await using var server = await LibsqlTestServer.StartAsync(new() { EnableAuth = true });
/// await using var client = new LibsqlClient(server.ConnectionString);
/// </code>
/// </example>
public sealed class LibsqlTestServer : IAsyncDisposable
{
    private readonly WebApplication _user;
    private readonly WebApplication? _admin;
    private readonly StreamRegistry _streams;
    private readonly ConnectionThrottle _throttle;
    private readonly NamespaceStore _namespaces;
    private readonly LibsqlSigningKey? _signingKey;
    private readonly bool _ownsSigningKey;
    private readonly bool _ownsDatabasePath;
    private readonly string? _fullAccessToken;
    private int _disposed;

    private LibsqlTestServer(
        WebApplication user,
        WebApplication? admin,
        StreamRegistry streams,
        ConnectionThrottle throttle,
        NamespaceStore namespaces,
        ServerSettings settings,
        string databasePath,
        bool ownsDatabasePath,
        bool ownsSigningKey)
    {
        _user = user;
        _admin = admin;
        _streams = streams;
        _throttle = throttle;
        _namespaces = namespaces;
        _signingKey = settings.SigningKey;
        _ownsSigningKey = ownsSigningKey;
        _ownsDatabasePath = ownsDatabasePath;
        DatabasePath = databasePath;
        PublicKey = settings.JwtKeys?.FirstOrDefault();
        var endpoint = ServerApps.BoundEndpoint(user, settings.HttpEndpoint);
        Uri = new Uri($"http://{Format(endpoint)}/");
        if (admin is not null)
        {
            AdminUri = new Uri($"http://{Format(ServerApps.BoundEndpoint(admin, settings.AdminEndpoint!))}/");
        }

        _fullAccessToken = _signingKey?.MintToken();
        ConnectionString = $"Endpoint={Uri.GetLeftPart(UriPartial.Authority)}" + (_fullAccessToken is null ? "" : $";AuthToken={_fullAccessToken}");
    }

    /// <summary>The base URL, <c>http://127.0.0.1:&lt;port&gt;/</c>.</summary>
    public Uri Uri { get; }

    /// <summary>The admin API's base URL when namespaces are enabled, else null.</summary>
    public Uri? AdminUri { get; }

    /// <summary><c>Endpoint=http://127.0.0.1:port</c>, plus <c>;AuthToken=</c> a full-access token when auth is on.</summary>
    public string ConnectionString { get; }

    /// <summary>The public key tokens are checked against; null when auth is off.</summary>
    public LibsqlPublicKey? PublicKey { get; }

    /// <summary>The data folder; databases are at <c>dbs/&lt;namespace&gt;/data</c> under it, as in sqld.</summary>
    public string DatabasePath { get; }

    /// <summary>Starts a server on 127.0.0.1.</summary>
    /// <param name="options">Settings; null = no auth, a free port, a temp folder.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop it and close every SQLite handle.</returns>
    public static Task<LibsqlTestServer> StartAsync(LibsqlTestServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LibsqlTestServerOptions();
        var ownsKey = options.SigningKey is null && options.EnableAuth;
        var key = options.SigningKey ?? (options.EnableAuth ? LibsqlSigningKey.Generate() : null);
        var settings = new ServerSettings
        {
            HttpEndpoint = new IPEndPoint(IPAddress.Loopback, options.Port),
            AdminEndpoint = options.EnableNamespaces ? new IPEndPoint(IPAddress.Loopback, options.AdminPort) : null,
            DatabasePath = options.DatabasePath,
            SigningKey = key,
            JwtKeys = key is null ? null : [key.PublicKey],
            EnableNamespaces = options.EnableNamespaces,
            EnableProtobuf = options.EnableProtobuf,
            StreamExpiry = options.StreamExpiry,
            MaxResponseSize = options.MaxResponseSize,
            MaxTotalResponseSize = options.MaxTotalResponseSize,
        };
        return StartAsync(settings, ownsKey, cancellationToken);
    }

    /// <summary>Mints a token for this server's key.</summary>
    /// <param name="options">Claims; null = full access, no expiry.</param>
    /// <returns>The JWT.</returns>
    /// <exception cref="InvalidOperationException">Auth is off, or the server only knows the public key.</exception>
    public string MintToken(LibsqlTokenOptions? options = null) =>
        (_signingKey ?? throw new InvalidOperationException("This server was started without auth (EnableAuth / SigningKey), so it has no key to mint tokens with."))
            .MintToken(options);

    /// <summary>Creates a namespace, as <c>POST /v1/namespaces/:ns/create</c> on the admin API does.</summary>
    /// <param name="name">The namespace name.</param>
    public void CreateNamespace(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!_namespaces.Enabled)
        {
            throw new InvalidOperationException("Namespaces are not enabled (LibsqlTestServerOptions.EnableNamespaces).");
        }

        try
        {
            _namespaces.Create(name, NamespaceConfig.Default);
        }
        catch (SqldHttpException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
    }

    /// <summary>Stops both listeners, closes every stream and SQLite handle, and deletes a temp data folder.</summary>
    /// <returns>A task that completes when everything is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await StopAsync(_user, timeout.Token).ConfigureAwait(false);
        if (_admin is not null)
        {
            await StopAsync(_admin, timeout.Token).ConfigureAwait(false);
        }

        _streams.Dispose();
        _throttle.Dispose();
        _namespaces.Dispose();
        SqliteConnection.ClearAllPools();
        if (_ownsSigningKey)
        {
            _signingKey?.Dispose();
        }

        if (_ownsDatabasePath)
        {
            try
            {
                Directory.Delete(DatabasePath, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by someone else; the temp folder is left behind.
            }
        }
    }

    internal static async Task<LibsqlTestServer> StartAsync(ServerSettings settings, bool ownsSigningKey, CancellationToken cancellationToken)
    {
        var ownsPath = settings.DatabasePath is null;
        var databasePath = settings.DatabasePath is { } given ? Path.GetFullPath(given) : TemporaryDataFolder.Create();
        Directory.CreateDirectory(databasePath);
        var namespaces = new NamespaceStore(databasePath, settings.EnableNamespaces, new Sql.ResponseLimits(settings.MaxResponseSize, settings.MaxTotalResponseSize));
        var throttle = new ConnectionThrottle(settings.MaxConcurrentConnections, settings.MaxConcurrentRequests);
        var streams = new StreamRegistry(settings.StreamExpiry, throttle);
        namespaces.Deleted += streams.CloseNamespace;
        var validator = settings.JwtKeys is { Count: > 0 } keys ? new LibsqlTokenValidator(keys) : null;
        var gate = new RequestGate(namespaces, validator, settings.HttpBasicCredential, settings.DisableDefaultNamespace);
        var hrana = new HranaEndpoints(gate, streams, namespaces, settings.SelfUrl);

        // SQLite calls block their thread (a writer may wait on the lock), and each of up to MaxConcurrentConnections
        // sessions may block one: keep that many threads ready, plus room for the requests' async work, so that
        // writers waiting for the lock never starve the request of the transaction that holds it (sqld runs SQLite
        // on tokio's blocking pool, apart from the threads that serve requests). The pool grows slowly on its own.
        var wanted = Math.Min(settings.MaxConcurrentConnections, 1024) + 64;
        ThreadPool.GetMinThreads(out var workers, out var io);
        if (workers < wanted)
        {
            ThreadPool.SetMinThreads(wanted, io);
        }

        var user = ServerApps.BuildUserApp(settings, hrana, new DumpEndpoint(gate, namespaces, throttle), new LegacyQueryEndpoint(gate, namespaces, throttle));
        WebApplication? admin = null;
        try
        {
            await user.StartAsync(cancellationToken).ConfigureAwait(false);
            if (settings.AdminEndpoint is not null)
            {
                admin = ServerApps.BuildAdminApp(settings, namespaces);
                await admin.StartAsync(cancellationToken).ConfigureAwait(false);
            }

            return new LibsqlTestServer(user, admin, streams, throttle, namespaces, settings, databasePath, ownsPath, ownsSigningKey);
        }
        catch
        {
            await user.DisposeAsync().ConfigureAwait(false);
            if (admin is not null)
            {
                await admin.DisposeAsync().ConfigureAwait(false);
            }

            streams.Dispose();
            throttle.Dispose();
            namespaces.Dispose();
            throw;
        }
    }

    private static async Task StopAsync(WebApplication app, CancellationToken cancellationToken)
    {
        try
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string Format(IPEndPoint endpoint) =>
        endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? string.Create(CultureInfo.InvariantCulture, $"[{endpoint.Address}]:{endpoint.Port}")
            : string.Create(CultureInfo.InvariantCulture, $"{endpoint.Address}:{endpoint.Port}");
}

using System.Net;
using Libsql.Auth;

namespace Libsql.TestServer.Hosting;

/// <summary>Everything the server needs, from <see cref="LibsqlTestServerOptions"/> or from sqld's variables and flags.</summary>
internal sealed record ServerSettings
{
    public required IPEndPoint HttpEndpoint { get; init; }

    /// <summary>Host text to print in URLs (e.g. <c>0.0.0.0</c> as given).</summary>
    public IPEndPoint? AdminEndpoint { get; init; }

    /// <summary>Null = a temp folder, deleted on dispose.</summary>
    public string? DatabasePath { get; init; }

    /// <summary>Keys tokens are checked against; null = auth off.</summary>
    public IReadOnlyList<LibsqlPublicKey>? JwtKeys { get; init; }

    /// <summary>The private key, when known (in-process), to mint tokens.</summary>
    public LibsqlSigningKey? SigningKey { get; init; }

    /// <summary>sqld's <c>LIBSQL_ADMIN_AUTH_KEY</c>: when set, the admin API wants <c>Authorization: Basic &lt;key&gt;</c>.</summary>
    public string? AdminAuthKey { get; init; }

    /// <summary>sqld's <c>SQLD_HTTP_SELF_URL</c>: returned as Hrana <c>base_url</c>; null normally.</summary>
    public string? SelfUrl { get; init; }

    public bool EnableNamespaces { get; init; }

    public bool EnableProtobuf { get; init; } = true;

    public TimeSpan StreamExpiry { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>sqld's <c>SQLD_MAX_CONCURRENT_CONNECTIONS</c>: database connections open at once, server-wide.</summary>
    public int MaxConcurrentConnections { get; init; } = 128;

    /// <summary>sqld's <c>SQLD_MAX_CONCURRENT_REQUESTS</c>: requests of one namespace waiting for a connection.</summary>
    public int MaxConcurrentRequests { get; init; } = 128;

    /// <summary>sqld's <c>SQLD_HTTP_AUTH</c> credential (<c>basic:&lt;credential&gt;</c>, or <c>always</c>); null = off.</summary>
    public string? HttpBasicCredential { get; init; }

    /// <summary>sqld's <c>--disable-default-namespace</c>: a request that names no namespace is refused.</summary>
    public bool DisableDefaultNamespace { get; init; }

    /// <summary>Log requests and server events to the console (standalone).</summary>
    public bool ConsoleLogging { get; init; }
}

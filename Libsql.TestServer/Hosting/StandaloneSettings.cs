using System.Globalization;
using System.Net;
using Libsql.Auth;

namespace Libsql.TestServer.Hosting;

/// <summary>
/// Reads sqld's own environment variables and flags (libsql-server main.rs), so one set of settings starts
/// either server. Flags win over variables, as with clap.
/// </summary>
internal static class StandaloneSettings
{
    public const string DisableProtobufVariable = "LIBSQL_TESTSERVER_DISABLE_PROTOBUF";

    private static readonly HashSet<string> s_switches = new(StringComparer.Ordinal)
    {
        "--enable-namespaces", "--disable-default-namespace", "--no-welcome", "--enable-http-console", "--disable-metrics",
    };

    /// <summary>Builds the settings.</summary>
    /// <exception cref="ArgumentException">A value is malformed; the message says which and why.</exception>
    public static ServerSettings Parse(IReadOnlyList<string> args, Func<string, string?> environment, TextWriter log)
    {
        var flags = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{arg}'.");
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                flags[arg[..eq]] = arg[(eq + 1)..];
            }
            else if (s_switches.Contains(arg) || i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                flags[arg] = null;
            }
            else
            {
                flags[arg] = args[++i];
            }
        }

        string? Setting(string flag, string variable) =>
            flags.TryGetValue(flag, out var value) ? value : environment(variable) is { Length: > 0 } v ? v : null;

        foreach (var flag in flags.Keys)
        {
            if (flag is "--grpc-listen-addr" or "--primary-grpc-url")
            {
                log.WriteLine($"ignoring {flag}: replication over gRPC is not supported by Libsql.TestServer");
            }
            else if (flag is not ("--db-path" or "--http-listen-addr" or "--enable-namespaces" or "--admin-listen-addr" or "--admin-auth-key" or "--http-self-url" or "--auth-jwt-key-file" or "--no-welcome"
                or "--http-auth" or "--disable-default-namespace" or "--max-concurrent-connections" or "--max-concurrent-requests"))
            {
                log.WriteLine($"ignoring {flag}: not supported by Libsql.TestServer");
            }
        }

        // sqld's parse_http_basic_auth_arg.
        string? basic = null;
        if (Setting("--http-auth", "SQLD_HTTP_AUTH") is { } httpAuth)
        {
            basic = httpAuth == "always" ? httpAuth
                : httpAuth.Split(':', 2) is ["basic", var credential] ? credential
                : httpAuth.Contains(':', StringComparison.Ordinal) ? throw new ArgumentException($"unsupported HTTP auth scheme in SQLD_HTTP_AUTH: {httpAuth.Split(':')[0]} (use basic:<base64 of user:password>)")
                : throw new ArgumentException("invalid HTTP auth config in SQLD_HTTP_AUTH: use basic:<base64 of user:password>, or always");
        }

        var keyText = Setting("--auth-jwt-key-file", "SQLD_AUTH_JWT_KEY_FILE") is { } keyFile
            ? File.ReadAllText(keyFile)
            : environment("SQLD_AUTH_JWT_KEY");
        IReadOnlyList<LibsqlPublicKey>? keys = null;
        if (!string.IsNullOrEmpty(keyText))
        {
            try
            {
                keys = LibsqlPublicKey.ParseMany(keyText);
            }
            catch (LibsqlKeyFormatException e)
            {
                throw new ArgumentException("Could not parse JWT decoding key(s): " + e.Message, e);
            }
        }

        var admin = Setting("--admin-listen-addr", "SQLD_ADMIN_LISTEN_ADDR");
        var adminKey = Setting("--admin-auth-key", "LIBSQL_ADMIN_AUTH_KEY");
        if (adminKey is not null && admin is null)
        {
            throw new ArgumentException("--admin-auth-key (LIBSQL_ADMIN_AUTH_KEY) requires --admin-listen-addr (SQLD_ADMIN_LISTEN_ADDR), as in sqld.");
        }

        return new ServerSettings
        {
            HttpEndpoint = ParseAddress(Setting("--http-listen-addr", "SQLD_HTTP_LISTEN_ADDR") ?? "127.0.0.1:8080", "SQLD_HTTP_LISTEN_ADDR"),
            AdminEndpoint = admin is null ? null : ParseAddress(admin, "SQLD_ADMIN_LISTEN_ADDR"),
            DatabasePath = Setting("--db-path", "SQLD_DB_PATH"),
            JwtKeys = keys,
            AdminAuthKey = adminKey,
            SelfUrl = Setting("--http-self-url", "SQLD_HTTP_SELF_URL"),
            EnableNamespaces = flags.ContainsKey("--enable-namespaces") || IsTrue(environment("SQLD_ENABLE_NAMESPACES")),
            EnableProtobuf = !IsTrue(environment(DisableProtobufVariable)),
            HttpBasicCredential = basic,
            DisableDefaultNamespace = flags.ContainsKey("--disable-default-namespace"),
            MaxConcurrentConnections = PositiveInt(Setting("--max-concurrent-connections", "SQLD_MAX_CONCURRENT_CONNECTIONS"), "SQLD_MAX_CONCURRENT_CONNECTIONS") ?? 128,
            MaxConcurrentRequests = PositiveInt(Setting("--max-concurrent-requests", "SQLD_MAX_CONCURRENT_REQUESTS"), "SQLD_MAX_CONCURRENT_REQUESTS") ?? 128,
            ConsoleLogging = true,
        };
    }

    /// <summary>Parses <c>ip:port</c> (or <c>localhost:port</c>, <c>[::1]:port</c>).</summary>
    public static IPEndPoint ParseAddress(string text, string what)
    {
        if (IPEndPoint.TryParse(text, out var endpoint) && text.Contains(':', StringComparison.Ordinal))
        {
            return endpoint;
        }

        var colon = text.LastIndexOf(':');
        if (colon > 0
            && string.Equals(text[..colon], "localhost", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port <= IPEndPoint.MaxPort)
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        throw new ArgumentException($"{what} must be an address like 127.0.0.1:8080, not '{text}'.");
    }

    private static int? PositiveInt(string? text, string what) =>
        text is null ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value
        : throw new ArgumentException($"{what} must be a whole number above 0, not '{text}'.");

    private static bool IsTrue(string? value) =>
        value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));
}

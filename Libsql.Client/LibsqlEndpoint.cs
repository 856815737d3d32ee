using System.Web;

namespace Libsql.Client;

/// <summary>
/// Validates and normalizes sqld URLs the way the official clients read them: <c>http</c>/<c>https</c> as is,
/// <c>libsql://</c> as https (or http with <c>?tls=0</c> and an explicit port), query parameters <c>authToken</c>
/// and <c>tls</c> only. Messages never echo the URL text, because it may carry a token.
/// </summary>
internal static class LibsqlEndpoint
{
    public const string AcceptedForms =
        "Accepted forms: \"Endpoint=http://host:8080;AuthToken=...;Namespace=...;Timeout=30;Protocol=Auto\", " +
        "\"http://host:port[?authToken=...]\", \"https://host[:port][?authToken=...]\", \"libsql://host[?authToken=...]\".";

    public static bool LooksLikeUrl(string text)
    {
        var colon = text.AsSpan().TrimStart().IndexOf("://", StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        foreach (var c in text.AsSpan().TrimStart()[..colon])
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '+' and not '-' and not '.')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses an endpoint URL; returns the normalized base URI and any <c>authToken</c> from its query.</summary>
    public static Uri Parse(string text, string key, out string? tokenFromQuery)
    {
        tokenFromQuery = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Error(key, "the endpoint is empty");
        }

        var trimmed = text.Trim();
        var schemeEnd = trimmed.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd > 0 ? trimmed[..schemeEnd].ToLowerInvariant() : "";
        switch (scheme)
        {
            case "ws" or "wss":
                throw Error(key, $"WebSocket URLs ({scheme}://) are not supported: LibsqlClient speaks Hrana over HTTP. Use http://host:port, https://host or libsql://host for the same server");
            case "file":
                throw Error(key, "file: URLs (local databases) are not supported: LibsqlClient talks to a sqld server over HTTP; use Microsoft.Data.Sqlite for local files");
            case "http" or "https" or "libsql":
                break;
            case "":
                throw Error(key, "the endpoint is not an absolute URL (it needs a scheme such as http://)");
            default:
                throw Error(key, $"the URL scheme '{scheme}' is not supported (use http, https or libsql)");
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw Error(key, "the endpoint is not a valid URL; check the host name and that the port is a number from 1 to 65535");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw Error(key, "credentials in the URL (user:password@) are not supported; pass the token as AuthToken");
        }

        if (!string.IsNullOrEmpty(uri.Fragment))
        {
            throw Error(key, "the URL must not have a fragment (#...)");
        }

        bool? tls = null;
        if (!string.IsNullOrEmpty(uri.Query))
        {
            var query = HttpUtility.ParseQueryString(uri.Query);
            foreach (var name in query.AllKeys)
            {
                switch (name)
                {
                    case "authToken":
                        tokenFromQuery = query[name];
                        break;
                    case "tls":
                        tls = query[name] switch
                        {
                            "0" => false,
                            "1" => true,
                            _ => throw Error(key, "the URL parameter 'tls' must be 0 or 1"),
                        };
                        break;
                    default:
                        throw Error(key, $"the URL parameter '{name}' is not supported (supported: authToken, tls)");
                }
            }
        }

        var explicitPort = !uri.IsDefaultPort || trimmed.Contains($":{uri.Port}", StringComparison.Ordinal);
        string httpScheme;
        switch (scheme)
        {
            case "libsql":
                if (tls == false && !explicitPort)
                {
                    throw Error(key, "a libsql:// URL with ?tls=0 must give an explicit port");
                }

                httpScheme = tls == false ? "http" : "https";
                break;
            case "http" when tls == true:
                throw Error(key, "an http:// URL cannot ask for ?tls=1; use https://");
            case "https" when tls == false:
                throw Error(key, "an https:// URL cannot ask for ?tls=0; use http://");
            default:
                httpScheme = scheme;
                break;
        }

        if (uri.Port == 0)
        {
            throw Error(key, "the port must be a number from 1 to 65535");
        }

        var builder = new UriBuilder(httpScheme, uri.Host, explicitPort ? uri.Port : -1, uri.AbsolutePath.EndsWith('/') ? uri.AbsolutePath : uri.AbsolutePath + "/");
        return builder.Uri;
    }

    /// <summary>Validates a caller-supplied <see cref="Uri"/> with the same rules.</summary>
    public static Uri Normalize(Uri endpoint, out string? tokenFromQuery) =>
        Parse(endpoint.IsAbsoluteUri ? endpoint.OriginalString : endpoint.ToString(), nameof(LibsqlClientOptions.Endpoint), out tokenFromQuery);

    /// <summary>The endpoint without anything that could be secret, for messages and telemetry.</summary>
    public static string Display(Uri endpoint) => endpoint.GetLeftPart(UriPartial.Path);

    public static ArgumentException Error(string key, string detail) =>
        new($"Invalid libSQL connection string: '{key}': {detail}. {AcceptedForms}", "connectionString");
}

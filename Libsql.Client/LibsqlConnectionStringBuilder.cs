using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Libsql.Client;

/// <summary>
/// Reads and writes libSQL connection strings. Accepted forms:
/// <c>Endpoint=http://host:port;AuthToken=...;Namespace=...;Timeout=30;Protocol=Auto</c> (keys are case-insensitive;
/// <c>Url</c> is an alias of <c>Endpoint</c> and <c>Token</c> of <c>AuthToken</c>), or the URL forms of the official
/// clients: <c>http(s)://host[:port][?authToken=...]</c> and <c>libsql://host</c> (= https). <see cref="ToString"/>
/// masks the token; <see cref="DbConnectionStringBuilder.ConnectionString"/> keeps it.
/// </summary>
public sealed class LibsqlConnectionStringBuilder : DbConnectionStringBuilder
{
    /// <summary>The keys this builder accepts, canonical spelling.</summary>
    public static IReadOnlyList<string> AcceptedKeys { get; } = ["Endpoint", "AuthToken", "Namespace", "Timeout", "Protocol"];

    private static readonly Dictionary<string, string> s_aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Endpoint"] = "Endpoint",
        ["Url"] = "Endpoint",
        ["AuthToken"] = "AuthToken",
        ["Token"] = "AuthToken",
        ["Namespace"] = "Namespace",
        ["Timeout"] = "Timeout",
        ["Protocol"] = "Protocol",
    };

    /// <summary>An empty builder.</summary>
    public LibsqlConnectionStringBuilder()
    {
    }

    /// <summary>Parses a connection string in any accepted form.</summary>
    /// <param name="connectionString">The connection string or URL.</param>
    /// <exception cref="ArgumentException">The text is invalid; the message names the key and the accepted forms.</exception>
    public LibsqlConnectionStringBuilder(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        if (LibsqlEndpoint.LooksLikeUrl(connectionString))
        {
            Endpoint = connectionString.Trim();
            return;
        }

        try
        {
            ConnectionString = connectionString;
        }
        catch (ArgumentException ex) when (!ex.Message.StartsWith("Invalid libSQL connection string", StringComparison.Ordinal))
        {
            // DbConnectionStringBuilder's own message quotes the text around the error, which may be a token.
            throw new ArgumentException($"Invalid libSQL connection string: it is neither 'Key=Value;...' pairs nor a URL. {LibsqlEndpoint.AcceptedForms}", nameof(connectionString));
        }
    }

    /// <summary>The server URL (<c>http</c>, <c>https</c> or <c>libsql</c>); may carry <c>?authToken=</c>.</summary>
    public string? Endpoint
    {
        get => TryGetValue("Endpoint", out var value) ? (string)value : null;
        set => this["Endpoint"] = value;
    }

    /// <summary>The bearer token.</summary>
    public string? AuthToken
    {
        get => TryGetValue("AuthToken", out var value) ? (string)value : null;
        set => this["AuthToken"] = value;
    }

    /// <summary>The sqld namespace (<c>x-namespace</c> header).</summary>
    public string? Namespace
    {
        get => TryGetValue("Namespace", out var value) ? (string)value : null;
        set => this["Namespace"] = value;
    }

    /// <summary>The request timeout; seconds (<c>30</c>, <c>2.5</c>), a TimeSpan (<c>00:00:30</c>) or <c>Infinite</c>.</summary>
    public TimeSpan? Timeout
    {
        get => TryGetValue("Timeout", out var value) ? ParseTimeout((string)value) : null;
        set => this["Timeout"] = value is null ? null : value == System.Threading.Timeout.InfiniteTimeSpan ? "Infinite" : value.Value.TotalSeconds.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The protocol: <c>Auto</c>, <c>Protobuf</c>, <c>Json</c> or <c>JsonV2</c>.</summary>
    public LibsqlProtocol Protocol
    {
        get => TryGetValue("Protocol", out var value) ? ParseProtocol((string)value) : LibsqlProtocol.Auto;
        set => this["Protocol"] = value.ToString();
    }

    /// <summary>Gets or sets a value by key; unknown keys and invalid values throw.</summary>
    /// <param name="keyword">The key (case-insensitive).</param>
    [AllowNull]
    public override object this[string keyword]
    {
        get => base[Canonical(keyword)];
        set
        {
            var key = Canonical(keyword);
            if (value is null)
            {
                Remove(key);
                return;
            }

            var text = Convert.ToString(value, CultureInfo.InvariantCulture)!.Trim();
            switch (key)
            {
                case "Endpoint":
                    _ = LibsqlEndpoint.Parse(text, key, out _);
                    break;
                case "Timeout":
                    _ = ParseTimeout(text);
                    break;
                case "Protocol":
                    _ = ParseProtocol(text);
                    break;
                case "Namespace" when text.Length == 0:
                    throw LibsqlEndpoint.Error(key, "the namespace must not be empty (leave the key out for the default namespace)");
            }

            base[key] = text;
        }
    }

    /// <inheritdoc/>
    public override bool ContainsKey(string keyword) => s_aliases.TryGetValue(keyword, out var key) && base.ContainsKey(key);

    /// <inheritdoc/>
    public override bool Remove(string keyword) => s_aliases.TryGetValue(keyword, out var key) && base.Remove(key);

    /// <inheritdoc/>
    public override bool TryGetValue(string keyword, [NotNullWhen(true)] out object? value)
    {
        if (s_aliases.TryGetValue(keyword, out var key))
        {
            return base.TryGetValue(key, out value);
        }

        value = null;
        return false;
    }

    /// <summary>Builds client options; a token in the endpoint's query counts unless <c>AuthToken</c> is also set.</summary>
    /// <returns>New options.</returns>
    /// <exception cref="ArgumentException">The endpoint is missing or invalid.</exception>
    public LibsqlClientOptions ToOptions()
    {
        if (Endpoint is not { } endpointText)
        {
            throw LibsqlEndpoint.Error("Endpoint", "the endpoint is missing");
        }

        var endpoint = LibsqlEndpoint.Parse(endpointText, "Endpoint", out var tokenFromQuery);
        return new LibsqlClientOptions
        {
            Endpoint = endpoint,
            AuthToken = AuthToken ?? tokenFromQuery,
            Namespace = Namespace,
            Timeout = Timeout ?? TimeSpan.FromSeconds(30),
            Protocol = Protocol,
        };
    }

    /// <summary>The connection string with the token masked as <c>***</c>.</summary>
    /// <returns>A string safe to log.</returns>
    public override string ToString()
    {
        var masked = new DbConnectionStringBuilder();
        foreach (string key in base.Keys)
        {
            masked[key] = key == "AuthToken" ? "***" : key == "Endpoint" ? MaskEndpoint((string)this[key]) : this[key];
        }

        return masked.ConnectionString;
    }

    private static string MaskEndpoint(string endpoint) =>
        endpoint.Contains('?', StringComparison.Ordinal) ? endpoint[..endpoint.IndexOf('?', StringComparison.Ordinal)] + "?***" : endpoint;

    private static string Canonical(string keyword)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        return s_aliases.TryGetValue(keyword.Trim(), out var key)
            ? key
            : throw LibsqlEndpoint.Error(keyword, $"unknown key (accepted keys: {string.Join(", ", AcceptedKeys)}; aliases Url, Token)");
    }

    private static TimeSpan ParseTimeout(string text)
    {
        if (text.Equals("Infinite", StringComparison.OrdinalIgnoreCase) || text is "-1")
        {
            return System.Threading.Timeout.InfiniteTimeSpan;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= int.MaxValue / 1000)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }

        throw LibsqlEndpoint.Error("Timeout", $"'{text}' is not a timeout; give positive seconds (30, 2.5), a TimeSpan (00:00:30) or Infinite");
    }

    private static LibsqlProtocol ParseProtocol(string text) => text.ToLowerInvariant() switch
    {
        "auto" => LibsqlProtocol.Auto,
        "protobuf" or "v3-protobuf" => LibsqlProtocol.Protobuf,
        "json" or "v3" => LibsqlProtocol.Json,
        "jsonv2" or "v2" => LibsqlProtocol.JsonV2,
        _ => throw LibsqlEndpoint.Error("Protocol", $"'{text}' is not a protocol; use Auto, Protobuf, Json or JsonV2"),
    };
}

using System.Globalization;
using System.Text;

namespace Libsql.Client;

/// <summary>Everything a <see cref="LibsqlClient"/> needs to reach one sqld database.</summary>
public sealed class LibsqlClientOptions
{
    /// <summary>The server's base URL: <c>http://host:port</c>, <c>https://host</c> or <c>libsql://host</c> (= https).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The bearer token (a JWT); sent as <c>Authorization: Bearer</c>. Never logged or shown.</summary>
    public string? AuthToken { get; set; }

    /// <summary>The sqld namespace, sent as <c>x-namespace</c>; null targets the server's default.</summary>
    public string? Namespace { get; set; }

    /// <summary>Time limit of one HTTP request; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for none. Default 30 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Which encoding to use; <see cref="LibsqlProtocol.Auto"/> probes the server once.</summary>
    public LibsqlProtocol Protocol { get; set; } = LibsqlProtocol.Auto;

    /// <summary>Attach the failing statement's SQL to <see cref="LibsqlException.Statement"/> and its message. Off by default.</summary>
    public bool IncludeStatementInErrors { get; set; }

    /// <summary>Record the SQL text as <c>db.query.text</c> on activities. Off by default.</summary>
    public bool RecordQueryText { get; set; }

    /// <summary>How many times a read-only single statement is retried on a transient failure (0 = never). Default 3.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>
    /// How many requests that open a new stream (a statement, batch, script, <c>BEGIN</c> or cursor outside a
    /// transaction) may be in flight at once; more wait in the client, in order, within their <see cref="Timeout"/>.
    /// sqld gives each such request one of its connection permits (<c>SQLD_MAX_CONCURRENT_CONNECTIONS</c>, 128 by
    /// default) and answers 429 once 128 more are waiting, so an application with more concurrent work than that
    /// would see errors instead of a queue. Requests that continue a stream (inside a transaction) are never held
    /// back: a transaction holding the write lock always reaches the server. Default 64; 0 = no limit.
    /// </summary>
    public int MaxConcurrentStreamOpens { get; set; } = 64;

    /// <summary>Parses a connection string in any of the accepted forms (see <see cref="LibsqlConnectionStringBuilder"/>).</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <returns>New options.</returns>
    /// <exception cref="ArgumentException">The connection string is invalid; the message names the key and the accepted forms.</exception>
    public static LibsqlClientOptions Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        return new LibsqlConnectionStringBuilder(connectionString).ToOptions();
    }

    /// <summary>A copy of these options.</summary>
    /// <returns>A new instance.</returns>
    public LibsqlClientOptions Clone() => (LibsqlClientOptions)MemberwiseClone();

    /// <summary>The options as a connection string with the token masked as <c>***</c>.</summary>
    /// <returns>A string safe to log.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("Endpoint=").Append(Endpoint is null ? "" : LibsqlEndpoint.Display(Endpoint));
        if (AuthToken is not null)
        {
            text.Append(";AuthToken=***");
        }

        if (Namespace is not null)
        {
            text.Append(";Namespace=").Append(Namespace);
        }

        text.Append(";Timeout=").Append(Timeout == System.Threading.Timeout.InfiniteTimeSpan ? "Infinite" : Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        text.Append(";Protocol=").Append(Protocol);
        return text.ToString();
    }
}

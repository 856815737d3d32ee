using Libsql.Auth;

namespace Libsql.TestServer;

/// <summary>Settings of an in-process <see cref="LibsqlTestServer"/>.</summary>
public sealed class LibsqlTestServerOptions
{
    /// <summary>Generate an Ed25519 key pair and require tokens, as sqld does with <c>SQLD_AUTH_JWT_KEY</c>.</summary>
    public bool EnableAuth { get; set; }

    /// <summary>Require tokens signed by this key (implies <see cref="EnableAuth"/>). The server does not dispose it.</summary>
    public LibsqlSigningKey? SigningKey { get; set; }

    /// <summary>The data folder (sqld's <c>--db-path</c>); null = a temp folder deleted on dispose.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>
    /// Serve several databases chosen by the <c>x-namespace</c> header, created through the admin API (on
    /// <see cref="LibsqlTestServer.AdminUri"/>) or <see cref="LibsqlTestServer.CreateNamespace"/>.
    /// </summary>
    public bool EnableNamespaces { get; set; }

    /// <summary>Offer <c>/v3-protobuf</c>; false makes it answer 404, so the official client uses <c>/v2</c> JSON.</summary>
    public bool EnableProtobuf { get; set; } = true;

    /// <summary>How long an idle stream (and its transaction) lives; sqld's is 10 s.</summary>
    public TimeSpan StreamExpiry { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The most one statement's result rows may hold, counted as sqld counts them (each value's JSON form, a blob's
    /// bytes); beyond it the statement fails with RESPONSE_TOO_LARGE. sqld's <c>--max-response-size</c>, default 10 MB.
    /// </summary>
    public long MaxResponseSize { get; set; } = Sql.ResponseLimits.DefaultMaxResponseSize;

    /// <summary>
    /// The most the rows of all statements being built at once may hold; beyond it a statement fails with
    /// RESPONSE_TOO_LARGE. sqld's <c>--max-total-response-size</c>, default 32 MB.
    /// </summary>
    public long MaxTotalResponseSize { get; set; } = Sql.ResponseLimits.DefaultMaxTotalResponseSize;

    /// <summary>The port on 127.0.0.1; 0 = a free one.</summary>
    public int Port { get; set; }

    /// <summary>The admin API's port on 127.0.0.1 when namespaces are enabled; 0 = a free one.</summary>
    public int AdminPort { get; set; }
}

using System.Text.Json.Serialization;
using Libsql.Auth;

namespace Libsql.TestServer.Namespaces;

/// <summary>
/// A namespace's settings, as sqld's <c>DatabaseConfig</c> (libsql-server connection/config.rs): set at creation or
/// through <c>POST /v1/namespaces/:ns/config</c>, and persisted in the namespace's folder so they survive a restart,
/// as sqld's meta store does.
/// </summary>
internal sealed record NamespaceConfig
{
    /// <summary>sqld's page size, which <c>max_db_size</c> is counted in.</summary>
    public const long PageSize = 4096;

    /// <summary>sqld's default <c>max_db_pages</c>: 1000 PB in 4 KiB pages.</summary>
    public const long DefaultMaxDbPages = 1_000_000_000_000_000_000 / PageSize;

    /// <summary>sqld's default transaction timeout (<c>TXN_TIMEOUT</c>).</summary>
    public static readonly TimeSpan DefaultTxnTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The settings of a namespace nobody configured.</summary>
    public static NamespaceConfig Default { get; } = new();

    /// <summary>Reads are refused with <c>BLOCKED</c>.</summary>
    public bool BlockReads { get; init; }

    /// <summary>Writes are refused with <c>BLOCKED</c>.</summary>
    public bool BlockWrites { get; init; }

    /// <summary>Appended to the <c>BLOCKED</c> message ("Operation was blocked: reason").</summary>
    public string? BlockReason { get; init; }

    /// <summary>
    /// The namespace's own token keys, as given (one or more PEM blocks or base64url raw Ed25519 keys); when set they
    /// replace the server's keys for this namespace. Validated with <see cref="LibsqlPublicKey.ParseMany"/> before it is
    /// stored.
    /// </summary>
    public string? JwtKey { get; init; }

    /// <summary>Other namespaces may <c>ATTACH</c> this one (with the <c>AttachRead</c> permission).</summary>
    public bool AllowAttach { get; init; }

    /// <summary>sqld's <c>txn_timeout_s</c>: how long a write transaction may hold the lock before another writer may
    /// steal it; null means sqld's default, see <see cref="TxnTimeout"/>.</summary>
    [JsonPropertyName("txn_timeout_s")]
    public long? TxnTimeoutSeconds { get; init; } = (long)DefaultTxnTimeout.TotalSeconds;

    /// <summary>The transaction timeout in force (sqld: <c>txn_timeout.unwrap_or(TXN_TIMEOUT)</c>).</summary>
    [JsonIgnore]
    public TimeSpan TxnTimeout => TxnTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultTxnTimeout;

    /// <summary>The size limit in 4 KiB pages (<c>max_db_size</c> / 4096).</summary>
    public long MaxDbPages { get; init; } = DefaultMaxDbPages;

    /// <summary>sqld's <c>heartbeat_url</c>: kept and reported; the stand-in sends no heartbeats.</summary>
    public string? HeartbeatUrl { get; init; }

    /// <summary>sqld's <c>durability_mode</c> (<c>extra</c>, <c>strong</c>, <c>relaxed</c>, <c>off</c>): kept and reported.</summary>
    public string DurabilityMode { get; init; } = "relaxed";
}

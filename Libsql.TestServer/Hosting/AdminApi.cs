using System.Text;
using System.Text.Json;
using Libsql.TestServer.Hrana;
using Libsql.TestServer.Namespaces;

namespace Libsql.TestServer.Hosting;

/// <summary>
/// sqld's admin API for namespaces (libsql-server http/admin/mod.rs): create, fork, delete, checkpoint, the
/// settings (<c>GET/POST /v1/namespaces/:ns/config</c>) and the statement counters
/// (<c>GET /v1/namespaces/:ns/stats</c>, <c>DELETE /v1/namespaces/:ns/stats/:type</c>), with sqld's JSON shapes and
/// status codes.
/// </summary>
internal sealed class AdminApi(NamespaceStore namespaces)
{
    private const string JsonContentType = "application/json";

    /// <summary>Adds the routes to the admin listener.</summary>
    public void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/", http => WriteTextAsync(http, "Welcome to the sqld admin API"));
        app.MapGet("/v1/namespaces/{ns}/config", http => RunAsync(http, async ct =>
        {
            var config = namespaces.GetConfig(CheckName(Route(http, "ns")));
            await WriteJsonAsync(http, writer => WriteConfig(writer, config), ct).ConfigureAwait(false);
        }));
        app.MapPost("/v1/namespaces/{ns}/config", http => RunAsync(http, async ct =>
        {
            var body = await ReadJsonAsync(http, ct).ConfigureAwait(false);
            var ns = CheckName(Route(http, "ns"));

            // sqld's HttpDatabaseConfig: block_reads and block_writes are required; the rest replace the stored
            // values (absent = null/false), except max_db_size, heartbeat_url and durability_mode, kept when absent.
            var current = namespaces.GetConfig(ns);
            var updated = current with
            {
                BlockReads = RequiredBool(body, "block_reads"),
                BlockWrites = RequiredBool(body, "block_writes"),
                BlockReason = OptionalString(body, "block_reason"),
                AllowAttach = OptionalBool(body, "allow_attach"),
                TxnTimeoutSeconds = OptionalSeconds(body, "txn_timeout_s"),
                JwtKey = OptionalString(body, "jwt_key"),
                MaxDbPages = OptionalByteSize(body, "max_db_size") is { } size ? size / NamespaceConfig.PageSize : current.MaxDbPages,
                HeartbeatUrl = OptionalUrl(body, "heartbeat_url") ?? current.HeartbeatUrl,
                DurabilityMode = OptionalDurability(body) ?? current.DurabilityMode,
            };
            namespaces.SetConfig(ns, updated);
        }));
        app.MapPost("/v1/namespaces/{ns}/create", http => RunAsync(http, async ct =>
        {
            var body = await ReadJsonAsync(http, ct).ConfigureAwait(false);
            foreach (var unsupported in new[] { "dump_url", "shared_schema_name", "max_row_size" })
            {
                if (body.TryGetProperty(unsupported, out var value) && value.ValueKind != JsonValueKind.Null)
                {
                    throw new SqldHttpException(StatusCodes.Status400BadRequest, $"`{unsupported}` is not supported by Libsql.TestServer; create the namespace without it");
                }
            }

            if (OptionalBool(body, "shared_schema"))
            {
                throw new SqldHttpException(StatusCodes.Status400BadRequest, "`shared_schema` is not supported by Libsql.TestServer; create the namespace without it");
            }

            var config = NamespaceConfig.Default with
            {
                JwtKey = OptionalString(body, "jwt_key"),
                AllowAttach = OptionalBool(body, "allow_attach"),
                TxnTimeoutSeconds = OptionalSeconds(body, "txn_timeout_s"),
                MaxDbPages = OptionalByteSize(body, "max_db_size") is { } size ? size / NamespaceConfig.PageSize : NamespaceConfig.DefaultMaxDbPages,
                HeartbeatUrl = OptionalUrl(body, "heartbeat_url"),
                DurabilityMode = OptionalDurability(body) ?? NamespaceConfig.Default.DurabilityMode,
            };
            RequireNamespaces();
            namespaces.Create(Route(http, "ns"), config);
        }));
        app.MapPost("/v1/namespaces/{ns}/fork/{to}", http => RunAsync(http, async ct =>
        {
            // The body is optional; a point-in-time fork needs sqld's backup service, which the stand-in has not.
            if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
            {
                var body = await ReadJsonAsync(http, ct).ConfigureAwait(false);
                if (!body.TryGetProperty("timestamp", out _))
                {
                    throw Unprocessable("missing field `timestamp`");
                }

                throw new SqldHttpException(StatusCodes.Status500InternalServerError, "backup service not configured");
            }

            RequireNamespaces();
            namespaces.Fork(CheckName(Route(http, "ns")), CheckName(Route(http, "to")));
        }));
        app.MapPost("/v1/namespaces/{ns}/checkpoint", http => RunAsync(http, _ =>
        {
            namespaces.Checkpoint(CheckName(Route(http, "ns")));
            return Task.CompletedTask;
        }));
        app.MapGet("/v1/namespaces/{ns}/stats", http => RunAsync(http, async ct =>
        {
            var ns = CheckName(Route(http, "ns"));
            var stats = namespaces.Stats(ns);
            var storage = namespaces.StorageBytesUsed(ns);
            await WriteJsonAsync(http, writer => WriteStats(writer, stats, storage), ct).ConfigureAwait(false);
        }));
        app.MapDelete("/v1/namespaces/{ns}/stats/{type}", http => RunAsync(http, _ =>
        {
            var stats = namespaces.Stats(CheckName(Route(http, "ns")));
            switch (Route(http, "type"))
            {
                case "top":
                    stats.ResetTopQueries();
                    break;
                case "slowest":
                    stats.ResetSlowestQueries();
                    break;
                default:
                    // sqld answers an unknown type with its internal error.
                    throw new SqldHttpException(StatusCodes.Status500InternalServerError, "Invalid stats type");
            }

            return Task.CompletedTask;
        }));
        app.MapDelete("/v1/namespaces/{ns}", http => RunAsync(http, _ =>
        {
            RequireNamespaces();
            namespaces.Delete(CheckName(Route(http, "ns")));
            return Task.CompletedTask;
        }));
    }

    private static string Route(HttpContext http, string name) => (string)http.Request.RouteValues[name]!;

    // sqld's NamespaceName::from_string, plus the names no folder can have.
    private static string CheckName(string name) => NamespaceStore.IsValidName(name) ? name : throw SqldHttpException.InvalidNamespace();

    private void RequireNamespaces()
    {
        if (!namespaces.Enabled)
        {
            throw new SqldHttpException(StatusCodes.Status400BadRequest, "Namespaces are not enabled: start the server with --enable-namespaces (SQLD_ENABLE_NAMESPACES=true)");
        }
    }

    private static void WriteConfig(Utf8JsonWriter writer, NamespaceConfig config)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("block_reads", config.BlockReads);
        writer.WriteBoolean("block_writes", config.BlockWrites);
        writer.WriteString("block_reason", config.BlockReason);
        writer.WriteString("max_db_size", ByteSize.Format(config.MaxDbPages * NamespaceConfig.PageSize));
        writer.WriteString("heartbeat_url", config.HeartbeatUrl);
        writer.WriteString("jwt_key", config.JwtKey);
        writer.WriteBoolean("allow_attach", config.AllowAttach);
        if (config.TxnTimeoutSeconds is { } seconds)
        {
            writer.WriteNumber("txn_timeout_s", seconds);
        }
        else
        {
            writer.WriteNull("txn_timeout_s");
        }

        writer.WriteString("durability_mode", config.DurabilityMode);
        writer.WriteEndObject();
    }

    // sqld's StatsResponse. A primary without replication delegates no writes and serves no embedded replica; the
    // stand-in has no replication log, so no frame number either; `queries` (sqld's hourly per-statement
    // aggregate) is not kept, which sqld also answers as null before the hour's first statement.
    private static void WriteStats(Utf8JsonWriter writer, NamespaceStats stats, long storageBytesUsed)
    {
        var snapshot = stats.Read();
        writer.WriteStartObject();
        writer.WriteString("id", stats.Id);
        writer.WriteNumber("rows_read_count", snapshot.RowsRead);
        writer.WriteNumber("rows_written_count", snapshot.RowsWritten);
        writer.WriteNumber("storage_bytes_used", storageBytesUsed);
        writer.WriteNumber("write_requests_delegated", 0);
        writer.WriteNumber("replication_index", 0);
        writer.WriteStartArray("top_queries");
        foreach (var top in snapshot.Top)
        {
            writer.WriteStartObject();
            writer.WriteNumber("rows_written", top.RowsWritten);
            writer.WriteNumber("rows_read", top.RowsRead);
            writer.WriteString("query", top.Query);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("slowest_queries");
        foreach (var slow in snapshot.Slowest)
        {
            writer.WriteStartObject();
            writer.WriteNumber("elapsed_ms", slow.ElapsedMs);
            writer.WriteString("query", slow.Query);
            writer.WriteNumber("rows_written", slow.RowsWritten);
            writer.WriteNumber("rows_read", slow.RowsRead);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("embedded_replica_frames_replicated", 0);
        writer.WriteNumber("query_count", snapshot.QueryCount);
        writer.WriteNumber("elapsed_ms", snapshot.ElapsedMs);
        writer.WriteNull("queries");
        writer.WriteEndObject();
    }

    // axum's Json extractor: 415 without a JSON content type, 400 for malformed JSON, 422 when it is not the
    // expected shape.
    private static async Task<JsonElement> ReadJsonAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (!(http.Request.ContentType ?? "").StartsWith(JsonContentType, StringComparison.OrdinalIgnoreCase))
        {
            throw new SqldHttpException(StatusCodes.Status415UnsupportedMediaType, "Expected request with `Content-Type: application/json`");
        }

        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(http.Request.Body, TestServerJsonContext.Default.JsonElement, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new SqldHttpException(StatusCodes.Status400BadRequest, "Failed to parse the request body as JSON: " + e.Message);
        }

        return body.ValueKind == JsonValueKind.Object ? body : throw Unprocessable("invalid type: expected a JSON object");
    }

    private static SqldHttpException Unprocessable(string detail) =>
        new(StatusCodes.Status422UnprocessableEntity, "Failed to deserialize the JSON body into the target type: " + detail);

    private static bool RequiredBool(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) ? Bool(value, name) : throw Unprocessable($"missing field `{name}`");

    private static bool OptionalBool(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null && Bool(value, name);

    private static bool Bool(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Unprocessable($"{name}: invalid type: expected a boolean"),
    };

    private static string? OptionalString(JsonElement body, string name) =>
        !body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw Unprocessable($"{name}: invalid type: expected a string");

    private static long? OptionalSeconds(JsonElement body, string name) =>
        !body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds) && seconds >= 0 ? seconds
        : throw Unprocessable($"{name}: invalid value: expected a whole number of seconds, 0 or more");

    private static long? OptionalByteSize(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var bytes) && bytes >= 0)
        {
            return bytes;
        }

        return value.ValueKind == JsonValueKind.String && ByteSize.TryParse(value.GetString()!, out bytes)
            ? bytes
            : throw Unprocessable($"{name}: invalid value: expected a number of bytes or a size such as \"10MB\"");
    }

    private static string? OptionalUrl(JsonElement body, string name) =>
        OptionalString(body, name) is not { } text ? null
        : Uri.TryCreate(text, UriKind.Absolute, out _) ? text
        : throw new SqldHttpException(StatusCodes.Status400BadRequest, $"Wrong URL: {name} `{text}` is not an absolute URL");

    private static string? OptionalDurability(JsonElement body)
    {
        var mode = OptionalString(body, "durability_mode");
        return mode is null or "extra" or "strong" or "relaxed" or "off"
            ? mode
            : throw Unprocessable($"durability_mode: unknown variant `{mode}`, expected one of `extra`, `strong`, `relaxed`, `off`");
    }

    private static async Task RunAsync(HttpContext http, Func<CancellationToken, Task> action)
    {
        try
        {
            await action(http.RequestAborted).ConfigureAwait(false);
        }
        catch (SqldHttpException e)
        {
            await HranaEndpoints.WriteSqldErrorAsync(http, e, http.RequestAborted).ConfigureAwait(false);
        }
    }

    private static async Task WriteJsonAsync(HttpContext http, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        http.Response.ContentType = JsonContentType;
        http.Response.ContentLength = buffer.Length;
        await http.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
    }

    private static Task WriteTextAsync(HttpContext http, string text)
    {
        http.Response.ContentType = "text/plain";
        return http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), http.RequestAborted).AsTask();
    }
}

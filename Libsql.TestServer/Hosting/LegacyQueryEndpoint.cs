using System.Text;
using System.Text.Json;
using Libsql.Client.Hrana;
using Libsql.TestServer.Hrana;
using Libsql.TestServer.Namespaces;
using Libsql.TestServer.Sql;

namespace Libsql.TestServer.Hosting;

/// <summary>
/// sqld's legacy query API, <c>POST /</c> (libsql-server http/user/mod.rs <c>handle_query</c>): a JSON body
/// <c>{"statements": [...]}</c> of SQL strings or <c>{"q", "params"}</c> objects, run in order on a fresh connection,
/// each only if the one before succeeded, with a ROLLBACK after a failure. The answer is one array entry per statement:
/// <c>{"results": {...}}</c>, <c>{"error": "..."}</c>, or <c>null</c> for a statement skipped after a failure.
/// </summary>
internal sealed class LegacyQueryEndpoint(RequestGate gate, NamespaceStore namespaces, ConnectionThrottle throttle)
{
    private const string JsonContentType = "application/json";

    // axum's JsonRejection bodies (sqld forces the JSON content type, so only syntax and shape errors remain).
    private const string SyntaxErrorPrefix = "Failed to parse the request body as JSON: ";
    private const string DataErrorPrefix = "Failed to deserialize the JSON body into the target type: ";

    /// <summary>Runs the request's statements and writes sqld's answer.</summary>
    public async Task HandleAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var cancellationToken = http.RequestAborted;
        try
        {
            // axum runs the extractors in order: the request context (auth, namespace) before the JSON body.
            var context = gate.Authorize(http.Request);
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            var statements = ParseBody(buffer.ToArray());

            byte[] answer;
            // Like every connection, it holds one of SQLD_MAX_CONCURRENT_CONNECTIONS permits while it is open.
            using (await throttle.AcquireAsync(context.Namespace, cancellationToken).ConfigureAwait(false))
            using (var session = namespaces.OpenSession(context.Namespace))
            using (cancellationToken.Register(session.Interrupt))
            {
                var plan = Plan(session, statements);
                var outcomes = session.ExecuteBatch(plan, context);
                answer = Encode(outcomes.Take(statements.Count));
            }

            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = JsonContentType;
            http.Response.ContentLength = answer.Length;
            await http.Response.Body.WriteAsync(answer, cancellationToken).ConfigureAwait(false);
        }
        catch (LegacyBodyException e)
        {
            http.Response.StatusCode = e.StatusCode;
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(e.Message), cancellationToken).ConfigureAwait(false);
        }
        catch (SqldHttpException e)
        {
            await HranaEndpoints.WriteSqldErrorAsync(http, e, cancellationToken).ConfigureAwait(false);
        }
    }

    // sqld's parse_queries, then make_batch_program: every statement after the first runs only if the one before
    // succeeded, and a final ROLLBACK runs only if the last statement did not.
    private static List<BatchStepPlan> Plan(SqliteSession session, IReadOnlyList<HranaStatement> statements)
    {
        var plan = new List<BatchStepPlan>(statements.Count + 1);
        var state = TransactionState.Init;
        foreach (var statement in statements)
        {
            ClassifiedStatement classified;
            try
            {
                classified = session.CheckSingleStatement(statement.Sql!);
            }
            catch (StmtException e) when (e.Code == "SQL_MANY_STATEMENTS")
            {
                throw new SqldHttpException(StatusCodes.Status400BadRequest, "Failed to parse query: `found more than one command in a single statement string. It is allowed to issue only one command per string.`");
            }
            catch (StmtException e) when (e.Code is "SQL_PARSE_ERROR" or "SQL_NO_STATEMENT")
            {
                // sqld's parser error is an anyhow error, which its error mapping answers with a 500.
                throw new SqldHttpException(StatusCodes.Status500InternalServerError, StripPrefix(e.Message, "SQL string could not be parsed: "));
            }

            state = Step(state, classified.Kind);
            var condition = plan.Count == 0 ? null : new HranaOkBatchCondition { Step = (uint)(plan.Count - 1) };
            plan.Add(new BatchStepPlan(classified, statement, condition));
        }

        // The predictions are made on the whole batch before anything runs, as in sqld.
        if (plan.Any(p => p.Statement.Kind == StatementKind.Release))
        {
            throw new SqldHttpException(StatusCodes.Status400BadRequest, "Query error: `savepoints are not supported in HTTP API, use hrana protocol instead`");
        }

        if (state == TransactionState.Transaction)
        {
            throw new SqldHttpException(StatusCodes.Status400BadRequest, "Query error: `interactive transaction not allowed in HTTP queries`");
        }

        if (plan.Count > 0)
        {
            var rollback = new HranaStatement { Sql = "ROLLBACK" };
            plan.Add(new BatchStepPlan(
                session.CheckSingleStatement(rollback.Sql),
                rollback,
                new HranaNotBatchCondition { Cond = new HranaOkBatchCondition { Step = (uint)(plan.Count - 1) } }));
        }

        return plan;
    }

    // sqld's TxnStatus::step (query_analysis.rs).
    private static TransactionState Step(TransactionState state, StatementKind? kind) => (state, kind) switch
    {
        (TransactionState.Transaction, StatementKind.TransactionBegin) or (TransactionState.Init, StatementKind.TransactionEnd) => TransactionState.Invalid,
        (TransactionState.Transaction, StatementKind.TransactionEnd) => TransactionState.Init,
        (_, StatementKind.Read or StatementKind.Write or StatementKind.Ddl) => state,
        (TransactionState.Init, StatementKind.TransactionBegin) => TransactionState.Transaction,
        _ => TransactionState.Invalid,
    };

    private static List<HranaStatement> ParseBody(byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new LegacyBodyException(StatusCodes.Status400BadRequest, SyntaxErrorPrefix + e.Message);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw DataError($"invalid type: {Describe(root)}, expected struct HttpQuery");
            }

            if (!root.TryGetProperty("statements", out var statements))
            {
                throw DataError("missing field `statements`");
            }

            if (statements.ValueKind != JsonValueKind.Array)
            {
                throw DataError($"statements: invalid type: {Describe(statements)}, expected a sequence");
            }

            if (root.TryGetProperty("replication_index", out var index) && index.ValueKind != JsonValueKind.Null && !index.TryGetUInt64(out _))
            {
                throw DataError($"replication_index: invalid type: {Describe(index)}, expected u64");
            }

            return statements.EnumerateArray().Select(ParseStatement).ToList();
        }
    }

    private static HranaStatement ParseStatement(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return new HranaStatement { Sql = element.GetString() };
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw DataError($"statements: invalid type: {Describe(element)}, expected a string or an object");
        }

        string? sql = null;
        var statement = new HranaStatement();
        var seenParams = false;
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "q" when sql is not null:
                case "params" when seenParams:
                    throw DataError($"statements: duplicate field `{property.Name}`");
                case "q":
                    sql = property.Value.ValueKind == JsonValueKind.String
                        ? property.Value.GetString()
                        : throw DataError($"statements: q: invalid type: {Describe(property.Value)}, expected a string");
                    break;
                case "params":
                    seenParams = true;
                    ParseParams(property.Value, statement);
                    break;
                default:
                    throw DataError($"statements: unknown field `{property.Name}`, expected `q` or `params`");
            }
        }

        statement.Sql = sql ?? throw DataError("statements: missing field `q`");
        return statement;
    }

    private static void ParseParams(JsonElement element, HranaStatement statement)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                statement.Args = element.EnumerateArray().Select(ParseValue).ToArray();
                break;
            case JsonValueKind.Object:
                statement.NamedArgs = element.EnumerateObject().Select(p => new HranaNamedArgument { Name = p.Name, Value = ParseValue(p.Value) }).ToArray();
                break;
            default:
                throw DataError($"statements: params: invalid type: {Describe(element)}, expected an array or a map of parameters");
        }
    }

    // sqld's ValueDeserializer: JSON scalars map to SQLite values, booleans to 0/1, {"base64": ...} to a blob.
    private static HranaValue ParseValue(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                return HranaValue.Null;
            case JsonValueKind.String:
                return HranaValue.FromText(element.GetString()!);
            case JsonValueKind.True:
                return HranaValue.FromInteger(1);
            case JsonValueKind.False:
                return HranaValue.FromInteger(0);
            case JsonValueKind.Number:
                if (element.TryGetInt64(out var integer))
                {
                    return HranaValue.FromInteger(integer);
                }

                // serde casts a u64 above i64::MAX to i64, wrapping.
                return element.TryGetUInt64(out var unsigned) ? HranaValue.FromInteger(unchecked((long)unsigned)) : HranaValue.FromFloat(element.GetDouble());
            case JsonValueKind.Object:
                var properties = element.EnumerateObject().ToList();
                if (properties.Count == 0)
                {
                    throw DataError("statements: params: missing field `blob`");
                }

                if (properties[0].Name != "base64")
                {
                    throw DataError($"statements: params: unknown field `{properties[0].Name}`, expected `blob`");
                }

                return HranaValue.FromBlob(DecodeBase64(properties[0].Value));
            default:
                throw DataError($"statements: params: invalid type: {Describe(element)}, expected a valid SQLite value");
        }
    }

    // sqld decodes blobs as standard base64 without padding and refuses padded input.
    private static byte[] DecodeBase64(JsonElement element)
    {
        var text = element.ValueKind == JsonValueKind.String ? element.GetString()! : throw DataError($"statements: params: base64: invalid type: {Describe(element)}, expected a borrowed string");
        var padded = text.Length % 4 == 0 ? text : text + new string('=', 4 - (text.Length % 4));
        try
        {
            return text.Contains('=', StringComparison.Ordinal) ? throw new FormatException("padding is not allowed") : Convert.FromBase64String(padded);
        }
        catch (FormatException e)
        {
            throw DataError($"statements: params: invalid value: string \"{text}\", expected standard base64 without padding ({e.Message})");
        }
    }

    // JsonHttpPayloadBuilder's output.
    private static byte[] Encode(IEnumerable<StepOutcome> outcomes)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var outcome in outcomes)
            {
                if (outcome.Error is { } error)
                {
                    writer.WriteStartObject();
                    writer.WriteString("error"u8, LegacyMessage(error));
                    writer.WriteEndObject();
                }
                else if (outcome.Result is { } result)
                {
                    WriteResult(writer, result);
                }
                else
                {
                    writer.WriteNullValue();
                }
            }

            writer.WriteEndArray();
        }

        return buffer.ToArray();
    }

    private static void WriteResult(Utf8JsonWriter writer, HranaStatementResult result)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("results"u8);
        writer.WriteStartObject();
        writer.WriteStartArray("columns"u8);
        foreach (var column in result.Cols)
        {
            writer.WriteStringValue(column.Name);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("rows"u8);
        foreach (var row in result.Rows)
        {
            writer.WriteStartArray();
            foreach (var value in row)
            {
                WriteValue(writer, value);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteNumber("rows_read"u8, result.RowsRead);
        writer.WriteNumber("rows_written"u8, result.RowsWritten);
        writer.WriteNumber("query_duration_ms"u8, result.QueryDurationMs);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, HranaValue value)
    {
        switch (value.Type)
        {
            case HranaValueType.Integer:
                writer.WriteNumberValue(value.Integer);
                break;
            case HranaValueType.Float when double.IsFinite(value.Float):
                // serde_json writes a whole float with ".0"; the client tells a REAL from an INTEGER by it.
                var text = value.Float.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                writer.WriteRawValue(text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0");
                break;
            case HranaValueType.Float:
                // serde_json cannot represent a non-finite number and writes null.
                writer.WriteNullValue();
                break;
            case HranaValueType.Text:
                writer.WriteStringValue(value.Text);
                break;
            case HranaValueType.Blob:
                writer.WriteStartObject();
                writer.WriteString("base64"u8, Convert.ToBase64String(value.Blob).TrimEnd('='));
                writer.WriteEndObject();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    // The step error is sqld's Error displayed: a SQLite failure is SQLite's own message, without Hrana's prefix.
    private static string LegacyMessage(HranaError error) => error.Code switch
    {
        "ARGS_INVALID" => $"LibSQL failed to bind provided query parameters: `{StripPrefix(error.Message, "Arguments do not match SQL parameters: ")}`",
        "TRANSACTION_TIMEOUT" => "Transaction timed-out",
        _ => StripPrefix(error.Message, "SQLite error: "),
    };

    private static string StripPrefix(string message, string prefix) =>
        message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "map",
        JsonValueKind.Array => "sequence",
        JsonValueKind.String => $"string \"{element.GetString()}\"",
        JsonValueKind.Number => $"number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"boolean `{element.GetRawText()}`",
        _ => "null",
    };

    private static LegacyBodyException DataError(string detail) => new(StatusCodes.Status422UnprocessableEntity, DataErrorPrefix + detail);

    private enum TransactionState
    {
        Init,
        Transaction,
        Invalid,
    }

    // A body axum's JSON extractor rejects: plain text, not sqld's JSON error.
    private sealed class LegacyBodyException(int statusCode, string message) : Exception(message)
    {
        public int StatusCode { get; } = statusCode;
    }
}

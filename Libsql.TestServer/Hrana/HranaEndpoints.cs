using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Libsql.Client.Hrana;
using Libsql.TestServer.Hosting;
using Libsql.TestServer.Namespaces;
using Libsql.TestServer.Sql;

namespace Libsql.TestServer.Hrana;

/// <summary>The Hrana-over-HTTP endpoints (libsql-server hrana/http/mod.rs), JSON and Protobuf.</summary>
/// <remarks><paramref name="selfUrl"/> is sqld's <c>SQLD_HTTP_SELF_URL</c>, sent back as <c>base_url</c>.</remarks>
internal sealed class HranaEndpoints(RequestGate gate, StreamRegistry streams, NamespaceStore namespaces, string? selfUrl)
{
    private const string JsonContentType = "application/json";
    private const string TextContentType = "text/plain";

    /// <summary>A pipeline; <paramref name="pathNamespace"/> is the namespace of the <c>/dev/:namespace/…</c> route.</summary>
    public async Task PipelineAsync(HttpContext http, HranaVersion version, HranaEncoding encoding, string? pathNamespace = null)
    {
        var cancellationToken = http.RequestAborted;
        try
        {
            var context = gate.Authorize(http.Request, pathNamespace);
            var body = await ReadBodyAsync(http.Request, cancellationToken).ConfigureAwait(false);
            var request = Decode(body, encoding, HranaServerJson.DeserializePipelineRequest, HranaServerProtobuf.DeserializePipelineRequest);

            // SQLite calls block; one request uses one stream, so they run here on the request's thread.
            var stream = await streams.AcquireAsync(request.Baton, context, namespaces.OpenSession, cancellationToken).ConfigureAwait(false);
            HranaPipelineResponse response;
            using var abort = InterruptOnAbort(stream, cancellationToken);
            try
            {
                var results = new List<HranaStreamResult>(request.Requests.Count);
                foreach (var item in request.Requests)
                {
                    results.Add(StreamRequestHandler.Handle(stream, item, version, context));
                }

                response = new HranaPipelineResponse { Baton = streams.Release(stream), BaseUrl = selfUrl, Results = results };
            }
            catch
            {
                streams.Drop(stream);
                throw;
            }

            var bytes = encoding == HranaEncoding.Json ? HranaServerJson.Serialize(response) : HranaServerProtobuf.Serialize(response);
            await WriteAsync(http, StatusCodes.Status200OK, ContentType(encoding), bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await WriteErrorAsync(http, e, encoding, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task CursorAsync(HttpContext http, HranaEncoding encoding)
    {
        var cancellationToken = http.RequestAborted;
        HranaStream stream;
        RequestContext context;
        List<BatchStepPlan>? plan = null;
        HranaError? planError = null;
        try
        {
            context = gate.Authorize(http.Request);
            var body = await ReadBodyAsync(http.Request, cancellationToken).ConfigureAwait(false);
            var request = Decode(body, encoding, HranaServerJson.DeserializeCursorRequest, HranaServerProtobuf.DeserializeCursorRequest);
            stream = await streams.AcquireAsync(request.Baton, context, namespaces.OpenSession, cancellationToken).ConfigureAwait(false);
            try
            {
                // Checked and authorized before the first entry: a permission failure is still a 403.
                plan = StreamRequestHandler.PlanBatch(stream, request.Batch, HranaVersion.V3);
                stream.Session.Authorize(plan.Select(s => s.Statement), context);
            }
            catch (StmtException e)
            {
                planError = e.ToHranaError();
            }
            catch
            {
                streams.Drop(stream);
                throw;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await WriteErrorAsync(http, e, encoding, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Rows go out while SQLite steps (on its own thread, as SQLite blocks), through a small bounded channel:
        // memory stays bounded however many rows the cursor reads, and a slow client slows the statement.
        using var abort = InterruptOnAbort(stream, cancellationToken);
        var entries = Channel.CreateBounded<HranaCursorEntry>(new BoundedChannelOptions(256) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(() => RunCursor(stream, plan, planError, context, new ChannelCursorSink(entries.Writer, cancellationToken)), CancellationToken.None);
        try
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = encoding == HranaEncoding.Json ? TextContentType : "application/octet-stream";
            await http.Response.Body.WriteAsync(EncodeItem(new HranaCursorResponse { Baton = streams.NextBaton(stream), BaseUrl = selfUrl }, encoding), cancellationToken).ConfigureAwait(false);
            await foreach (var entry in entries.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await http.Response.Body.WriteAsync(EncodeItem(entry, encoding), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // The session is the producer's until it returns; only then may the stream be handed back or dropped.
            var completed = await producer.ConfigureAwait(false);
            if (completed && !cancellationToken.IsCancellationRequested)
            {
                streams.Release(stream);
            }
            else
            {
                streams.Drop(stream);
            }
        }
    }

    public async Task V1Async(HttpContext http, bool batch)
    {
        var cancellationToken = http.RequestAborted;
        try
        {
            var context = gate.Authorize(http.Request);
            var body = await ReadBodyAsync(http.Request, cancellationToken).ConfigureAwait(false);
            var request = DecodeV1(body, batch ? "batch" : "stmt");
            var stream = await streams.OpenDetachedAsync(context, namespaces.OpenSession, cancellationToken).ConfigureAwait(false);
            HranaStreamResult result;
            try
            {
                result = StreamRequestHandler.Handle(stream, request, HranaVersion.V1, context);
            }
            finally
            {
                stream.Close();
            }

            if (result is HranaStreamResultError failed)
            {
                await WriteAsync(http, V1Status(failed.Error.Code), JsonContentType, HranaServerJson.Serialize(failed.Error), cancellationToken).ConfigureAwait(false);
                return;
            }

            // The v1 body is the stream response's `result`, in the shared model's JSON.
            var encoded = HranaServerJson.Serialize(new HranaPipelineResponse { Results = [result] });
            using var document = JsonDocument.Parse(encoded);
            var inner = document.RootElement.GetProperty("results")[0].GetProperty("response").GetProperty("result");
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                writer.WriteStartObject();
                writer.WritePropertyName("result");
                inner.WriteTo(writer);
                writer.WriteEndObject();
            }

            await WriteAsync(http, StatusCodes.Status200OK, JsonContentType, buffer.ToArray(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await WriteErrorAsync(http, e, HranaEncoding.Json, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static async Task WriteSqldErrorAsync(HttpContext http, SqldHttpException error, CancellationToken cancellationToken)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new SqldErrorBody(error.Message), TestServerJsonContext.Default.SqldErrorBody);
        await WriteAsync(http, error.StatusCode, JsonContentType, body, cancellationToken).ConfigureAwait(false);
    }

    // A client that gives up (timeout, closed connection) stops its statement, as sqld drops the query's future.
    private static CancellationTokenRegistration InterruptOnAbort(HranaStream stream, CancellationToken aborted)
    {
        var session = stream.Session;
        return aborted.Register(session.Interrupt);
    }

    // Returns whether the cursor ran to its end; entries go to the sink, which completes the channel.
    private static bool RunCursor(HranaStream stream, List<BatchStepPlan>? plan, HranaError? planError, RequestContext context, ChannelCursorSink sink)
    {
        try
        {
            if (planError is not null)
            {
                sink.Error(planError);
            }
            else
            {
                stream.Session.ExecuteCursor(plan!, context, sink);
            }

            sink.Complete(null);
            return true;
        }
        catch (SqldHttpException e)
        {
            // Only a statement that could not be classified before it ran gets here; the 200 is already sent.
            sink.Error(new HranaError { Message = e.Message });
            sink.Complete(null);
            return true;
        }
        catch (Exception e)
        {
            sink.Complete(e);
            return false;
        }
    }

    private static T Decode<T>(byte[] body, HranaEncoding encoding, Func<ReadOnlySpan<byte>, T> json, Func<ReadOnlySpan<byte>, T> protobuf)
    {
        try
        {
            return encoding == HranaEncoding.Json ? json(body) : protobuf(body);
        }
        catch (HranaFormatException e)
        {
            var detail = e.InnerException?.Message ?? e.Message;
            throw new ProtocolException(encoding == HranaEncoding.Json
                ? "Cannot deserialize client message from JSON: " + detail
                : "Could not decode client message from Protobuf: " + detail);
        }
    }

    // The v1 body names one statement or batch; it is read as the execute/batch stream request of the one model.
    private static HranaStreamRequest DecodeV1(byte[] body, string field)
    {
        JsonElement value;
        try
        {
            using var document = JsonDocument.Parse(body);
            value = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(field, out var found)
                ? found.Clone()
                : throw new ProtocolException($"Cannot deserialize client message from JSON: missing field `{field}`");
        }
        catch (JsonException e)
        {
            throw new ProtocolException("Cannot deserialize client message from JSON: " + e.Message);
        }

        var type = field == "stmt" ? "execute" : "batch";
        var wrapped = Encoding.UTF8.GetBytes($$"""{"requests":[{"type":"{{type}}","{{field}}":{{value.GetRawText()}}}]}""");
        return Decode(wrapped, HranaEncoding.Json, HranaServerJson.DeserializePipelineRequest, HranaServerProtobuf.DeserializePipelineRequest).Requests[0];
    }

    // hrana_over_http_1.rs response_error_response.
    private static int V1Status(string? code) => code switch
    {
        "SQL_PARSE_ERROR" or "SQL_NO_STATEMENT" or "SQL_MANY_STATEMENTS" or "ARGS_INVALID" or "SQL_INPUT_ERROR" or "RESPONSE_TOO_LARGE" or "BLOCKED"
            => StatusCodes.Status400BadRequest,
        "ARGS_BOTH_POSITIONAL_AND_NAMED" => StatusCodes.Status501NotImplemented,
        "TRANSACTION_TIMEOUT" or "TRANSACTION_BUSY" => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    private static byte[] EncodeItem(HranaCursorResponse item, HranaEncoding encoding) =>
        encoding == HranaEncoding.Json ? [.. HranaServerJson.Serialize(item), (byte)'\n'] : HranaServerProtobuf.SerializeDelimited(item);

    private static byte[] EncodeItem(HranaCursorEntry item, HranaEncoding encoding) =>
        encoding == HranaEncoding.Json ? [.. HranaServerJson.Serialize(item), (byte)'\n'] : HranaServerProtobuf.SerializeDelimited(item);

    private static string ContentType(HranaEncoding encoding) => encoding == HranaEncoding.Json ? JsonContentType : HranaProtobuf.ContentType;

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static async Task WriteErrorAsync(HttpContext http, Exception error, HranaEncoding encoding, CancellationToken cancellationToken)
    {
        switch (error)
        {
            case ProtocolException protocol:
                await WriteAsync(http, StatusCodes.Status400BadRequest, TextContentType, Encoding.UTF8.GetBytes(protocol.Message), cancellationToken).ConfigureAwait(false);
                break;
            case StreamExpiredException expired:
                var hranaError = new HranaError { Message = expired.Message, Code = StreamExpiredException.Code };
                var body = encoding == HranaEncoding.Json ? HranaServerJson.Serialize(hranaError) : HranaServerProtobuf.Serialize(hranaError);
                await WriteAsync(http, StatusCodes.Status400BadRequest, ContentType(encoding), body, cancellationToken).ConfigureAwait(false);
                break;
            case SqldHttpException sqld:
                await WriteSqldErrorAsync(http, sqld, cancellationToken).ConfigureAwait(false);
                break;
            default:
                http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger<HranaEndpoints>().LogError(error, "Unexpected failure of {Path}", http.Request.Path);
                await WriteSqldErrorAsync(http, new SqldHttpException(StatusCodes.Status500InternalServerError, "Internal error: " + error.Message), cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private static async Task WriteAsync(HttpContext http, int status, string contentType, byte[] body, CancellationToken cancellationToken)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = contentType;
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }
}

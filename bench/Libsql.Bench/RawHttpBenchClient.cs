using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Libsql.Bench;

/// <summary>
/// The floor: a bare HttpClient posting hand-written Hrana JSON v3 (the same requests LibsqlClient sends over JSON)
/// and decoding the answer with Utf8JsonReader into the same .NET values. No abstractions, no error model.
/// </summary>
internal sealed class RawHttpBenchClient : IBenchClient
{
    private readonly HttpClient _http;
    private readonly Uri _pipeline;
    private readonly Uri _cursor;

    public RawHttpBenchClient(Uri endpoint, string token)
    {
        _http = new HttpClient(new SocketsHttpHandler()) { Timeout = TimeSpan.FromMinutes(5) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _pipeline = new Uri(endpoint, "v3/pipeline");
        _cursor = new Uri(endpoint, "v3/cursor");
    }

    public string Name => "raw HttpClient (JSON v3)";

    public async Task WriteBatchAsync(int count)
    {
        var body = new ArrayBufferWriter<byte>(count * 160);
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteNull("baton");
            json.WriteStartArray("requests");
            json.WriteStartObject();
            json.WriteString("type", "batch");
            json.WriteStartObject("batch");
            json.WriteStartArray("steps");
            WriteStep(json, "BEGIN IMMEDIATE", null, null);
            for (var k = 0; k < count; k++)
            {
                WriteStep(json, "INSERT INTO bench_a (i, t, r) VALUES (?, ?, ?)", k, k);
            }

            WriteStep(json, "COMMIT", count, null);
            json.WriteStartObject();
            json.WriteStartObject("condition");
            json.WriteString("type", "not");
            json.WriteStartObject("cond");
            json.WriteString("type", "ok");
            json.WriteNumber("step", count + 1);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject("stmt");
            json.WriteString("sql", "ROLLBACK");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject();
            json.WriteString("type", "close");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        var response = await PostAsync(_pipeline, body.WrittenMemory);
        using var document = JsonDocument.Parse(response);
        var result = document.RootElement.GetProperty("results")[0].GetProperty("response").GetProperty("result");
        foreach (var error in result.GetProperty("step_errors").EnumerateArray())
        {
            if (error.ValueKind != JsonValueKind.Null)
            {
                throw new InvalidOperationException(error.GetRawText());
            }
        }
    }

    public async Task<long> SelectAllAsync()
    {
        var response = await PostAsync(_pipeline, Execute("SELECT id, i, t, r, b FROM bench_b", null));
        long checksum = 0;
        DecodeRows(response, row => checksum += (long)row[0]! + (long)row[1]! + ((string)row[2]!).Length + (long)(double)row[3]! + ((byte[])row[4]!).Length);
        return checksum;
    }

    public Task PointReadsAsync(int[] ids) => Task.WhenAll(ids.Select(async id =>
    {
        var response = await PostAsync(_pipeline, Execute("SELECT id, i, t, r, b FROM bench_b WHERE id = ?", id));
        DecodeRows(response, _ => { });
    }));

    public async Task<long> StreamAsync(Harness.PeakMemory memory)
    {
        var body = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteNull("baton");
            json.WriteStartObject("batch");
            json.WriteStartArray("steps");
            json.WriteStartObject();
            json.WriteStartObject("stmt");
            json.WriteString("sql", "SELECT id, i, t FROM bench_d");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _cursor) { Content = new ReadOnlyMemoryContent(body.WrittenMemory) };
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        int start = 0, end = 0;
        long rows = 0, checksum = 0;
        var values = new object?[3];
        while (true)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (newline < 0)
            {
                buffer.AsSpan(start, end - start).CopyTo(buffer);
                end -= start;
                start = 0;
                if (end == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = await stream.ReadAsync(buffer.AsMemory(end));
                if (read == 0)
                {
                    break;
                }

                end += read;
                continue;
            }

            var line = buffer.AsSpan(start, newline);
            start += newline + 1;
            var reader = new Utf8JsonReader(line);
            if (ReadCursorRow(ref reader, values))
            {
                checksum += (long)values[0]! + (long)values[1]! + ((string)values[2]!).Length;
                if (++rows % 10_000 == 0)
                {
                    memory.Sample();
                }
            }
        }

        memory.Sample();
        return checksum > 0 ? rows : 0;
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>One batch step; <paramref name="afterStep"/> is the step that must have succeeded (null = none).</summary>
    private static void WriteStep(Utf8JsonWriter json, string sql, int? afterStep, int? k)
    {
        json.WriteStartObject();
        if (afterStep is { } previous)
        {
            json.WriteStartObject("condition");
            json.WriteString("type", "and");
            json.WriteStartArray("conds");
            json.WriteStartObject();
            json.WriteString("type", "ok");
            json.WriteNumber("step", previous);
            json.WriteEndObject();
            json.WriteStartObject();
            json.WriteString("type", "not");
            json.WriteStartObject("cond");
            json.WriteString("type", "is_autocommit");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteStartObject("stmt");
        json.WriteString("sql", sql);
        if (k is { } value)
        {
            json.WriteStartArray("args");
            WriteInteger(json, value);
            json.WriteStartObject();
            json.WriteString("type", "text");
            json.WriteString("value", "text " + value.ToString(CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteStartObject();
            json.WriteString("type", "float");
            json.WriteNumber("value", value * 0.5);
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteInteger(Utf8JsonWriter json, long value)
    {
        json.WriteStartObject();
        json.WriteString("type", "integer");
        json.WriteString("value", value.ToString(CultureInfo.InvariantCulture));
        json.WriteEndObject();
    }

    private static ReadOnlyMemory<byte> Execute(string sql, int? id)
    {
        var body = new ArrayBufferWriter<byte>(256);
        using var json = new Utf8JsonWriter(body);
        json.WriteStartObject();
        json.WriteNull("baton");
        json.WriteStartArray("requests");
        json.WriteStartObject();
        json.WriteString("type", "execute");
        json.WriteStartObject("stmt");
        json.WriteString("sql", sql);
        if (id is { } value)
        {
            json.WriteStartArray("args");
            WriteInteger(json, value);
            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartObject();
        json.WriteString("type", "close");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        return body.WrittenMemory;
    }

    private async Task<byte[]> PostAsync(Uri uri, ReadOnlyMemory<byte> body)
    {
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync(uri, content);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode ? bytes : throw new InvalidOperationException(Encoding.UTF8.GetString(bytes));
    }

    /// <summary>Walks a pipeline response to its "rows" and decodes every value.</summary>
    private static void DecodeRows(byte[] response, Action<object?[]> onRow)
    {
        var reader = new Utf8JsonReader(response);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("rows"u8))
            {
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
                {
                    var row = new List<object?>(5);
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                    {
                        row.Add(ReadValue(ref reader));
                    }

                    onRow([.. row]);
                }

                return;
            }
        }
    }

    private static bool ReadCursorRow(ref Utf8JsonReader reader, object?[] values)
    {
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("row"u8))
            {
                reader.Read();
                var i = 0;
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    values[i++] = ReadValue(ref reader);
                }

                return true;
            }

            reader.Read();
            reader.Skip();
        }

        return false;
    }

    /// <summary>Reads one Hrana value object (reader on its StartObject, left on its EndObject).</summary>
    private static object? ReadValue(ref Utf8JsonReader reader)
    {
        string? type = null;
        object? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetString();
            }
            else if (reader.ValueTextEquals("value"u8))
            {
                reader.Read();
                value = reader.TokenType switch
                {
                    JsonTokenType.Number => reader.GetDouble(),
                    JsonTokenType.String when type == "integer" => long.Parse(reader.ValueSpan, CultureInfo.InvariantCulture),
                    JsonTokenType.String => reader.GetString(),
                    _ => null,
                };
            }
            else if (reader.ValueTextEquals("base64"u8))
            {
                reader.Read();
                var text = reader.GetString()!;
                value = Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // "value" may come before "type": an integer then reads as text; fix it up.
        return type == "integer" && value is string s ? long.Parse(s, CultureInfo.InvariantCulture) : value;
    }
}

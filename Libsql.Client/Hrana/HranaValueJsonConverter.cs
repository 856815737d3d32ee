using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>
/// JSON form of <see cref="HranaValue"/>: integers as decimal strings (as sqld, which rejects JSON numbers for
/// them), floats as numbers, blobs as standard base64 written without padding and read with or without it.
/// </summary>
/// <remarks>
/// Result sets hold one value per cell, so this reads in a single pass over UTF-8 without materialising property
/// names. "type" may come in any position: a payload seen before it is remembered as a copy of the reader (a struct
/// positioned on that token) and decoded once the type is known.
/// </remarks>
internal sealed class HranaValueJsonConverter : JsonConverter<HranaValue>
{
    // Enough for any long in decimal, sign included.
    private const int MaxInt64Chars = 20;

    // Blobs up to this size are base64-encoded on the stack.
    private const int StackBase64Limit = 256;

    /// <inheritdoc/>
    public override HranaValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A Hrana value must be a JSON object.");
        }

        HranaValueType? type = null;
        HranaValue? result = null;
        var hasPending = false;
        var pendingIsBase64 = false;
        Utf8JsonReader pending = default;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                if (type is not null)
                {
                    // The first "type" wins, as before.
                    reader.Skip();
                    continue;
                }

                type = ReadType(ref reader);
                if (type == HranaValueType.Null)
                {
                    result = HranaValue.Null;
                }
                else if (hasPending)
                {
                    result = DecodePayload(ref pending, type.Value, pendingIsBase64) ?? result;
                    hasPending = false;
                }

                continue;
            }

            var isValue = reader.ValueTextEquals("value"u8);
            var isBase64 = !isValue && reader.ValueTextEquals("base64"u8);
            reader.Read();
            if (!isValue && !isBase64)
            {
                reader.Skip();
                continue;
            }

            if (type is null)
            {
                // Only the last payload before "type" can matter: a later one overrides it.
                pending = reader;
                pendingIsBase64 = isBase64;
                hasPending = true;
                reader.Skip();
                continue;
            }

            if (type != HranaValueType.Null)
            {
                result = DecodePayload(ref reader, type.Value, isBase64) ?? result;
            }

            reader.Skip();
        }

        if (type is null)
        {
            throw new JsonException("A Hrana value has no 'type'.");
        }

        return result ?? throw new JsonException($"The Hrana value of type '{TypeName(type.Value)}' has no value.");
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, HranaValue value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        switch (value.Type)
        {
            case HranaValueType.Null:
                writer.WriteString("type"u8, "null"u8);
                break;
            case HranaValueType.Integer:
                writer.WriteString("type"u8, "integer"u8);
                Span<byte> digits = stackalloc byte[MaxInt64Chars];
                value.Integer.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
                writer.WriteString("value"u8, digits[..written]);
                break;
            case HranaValueType.Float:
                writer.WriteString("type"u8, "float"u8);
                writer.WriteNumber("value"u8, value.Float);
                break;
            case HranaValueType.Text:
                writer.WriteString("type"u8, "text"u8);
                writer.WriteString("value"u8, value.Text);
                break;
            case HranaValueType.Blob:
                writer.WriteString("type"u8, "blob"u8);
                WriteBase64Unpadded(writer, value.Blob);
                break;
        }

        writer.WriteEndObject();
    }

    /// <summary>Decodes standard base64 with or without '=' padding (sqld strips it before decoding).</summary>
    private static byte[] DecodeBase64(string text)
    {
        var trimmed = text.AsSpan().TrimEnd('=');
        var padded = (trimmed.Length % 4) switch
        {
            0 => trimmed.ToString(),
            2 => string.Concat(trimmed, "=="),
            3 => string.Concat(trimmed, "="),
            _ => throw new JsonException("Invalid base64 length in a blob Hrana value."),
        };
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException e)
        {
            throw new JsonException("Invalid base64 in a blob Hrana value.", e);
        }
    }

    private static HranaValueType ReadType(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("A Hrana value's type must be a string.");
        }

        if (reader.ValueTextEquals("integer"u8))
        {
            return HranaValueType.Integer;
        }

        if (reader.ValueTextEquals("text"u8))
        {
            return HranaValueType.Text;
        }

        if (reader.ValueTextEquals("float"u8))
        {
            return HranaValueType.Float;
        }

        if (reader.ValueTextEquals("blob"u8))
        {
            return HranaValueType.Blob;
        }

        if (reader.ValueTextEquals("null"u8))
        {
            return HranaValueType.Null;
        }

        throw new JsonException($"The Hrana value type '{reader.GetString()}' is unknown.");
    }

    // Null when the property does not carry this type's payload ("base64" of an integer, "value" of a blob).
    private static HranaValue? DecodePayload(ref Utf8JsonReader reader, HranaValueType type, bool isBase64) => (type, isBase64) switch
    {
        (HranaValueType.Integer, false) => HranaValue.FromInteger(ReadInteger(ref reader)),
        (HranaValueType.Float, false) => HranaValue.FromFloat(reader.GetDouble()),
        (HranaValueType.Text, false) => HranaValue.FromText(reader.GetString() ?? throw new JsonException("A text Hrana value must be a string.")),
        (HranaValueType.Blob, true) => HranaValue.FromBlob(ReadBase64(ref reader)),
        _ => null,
    };

    private static long ReadInteger(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            if (!reader.HasValueSequence && !reader.ValueIsEscaped)
            {
                if (long.TryParse(reader.ValueSpan, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var fast))
                {
                    return fast;
                }
            }
            else if (long.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var slow))
            {
                return slow;
            }
        }

        throw new JsonException("An integer Hrana value must be a decimal integer as a string.");
    }

    private static byte[] ReadBase64(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("A blob Hrana value must be a base64 string.");
        }

        if (reader.HasValueSequence || reader.ValueIsEscaped)
        {
            return DecodeBase64(reader.GetString()!);
        }

        var trimmed = reader.ValueSpan.TrimEnd((byte)'=');
        var tail = trimmed.Length % 4;
        if (tail == 1)
        {
            throw new JsonException("Invalid base64 length in a blob Hrana value.");
        }

        // Whole quads decode in place; a 2- or 3-character tail is padded in a 4-byte scratch.
        var whole = trimmed.Length - tail;
        var output = new byte[(whole / 4 * 3) + (tail == 0 ? 0 : tail - 1)];
        if (Base64.DecodeFromUtf8(trimmed[..whole], output, out var consumed, out var decoded) != OperationStatus.Done
            || consumed != whole
            || decoded != whole / 4 * 3)
        {
            // Not canonical (whitespace inside, say): the string path decides, with its own rules.
            return DecodeBase64(reader.GetString()!);
        }

        if (tail != 0)
        {
            Span<byte> quad = [(byte)'=', (byte)'=', (byte)'=', (byte)'='];
            trimmed[whole..].CopyTo(quad);
            if (Base64.DecodeFromUtf8(quad, output.AsSpan(decoded), out _, out _) != OperationStatus.Done)
            {
                return DecodeBase64(reader.GetString()!);
            }
        }

        return output;
    }

    private static void WriteBase64Unpadded(Utf8JsonWriter writer, byte[] blob)
    {
        var length = Base64.GetMaxEncodedToUtf8Length(blob.Length);
        byte[]? rented = null;
        var buffer = length <= StackBase64Limit ? stackalloc byte[StackBase64Limit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            Base64.EncodeToUtf8(blob, buffer, out _, out var written);
            writer.WriteString("base64"u8, buffer[..written].TrimEnd((byte)'='));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static string TypeName(HranaValueType type) => type switch
    {
        HranaValueType.Integer => "integer",
        HranaValueType.Float => "float",
        HranaValueType.Text => "text",
        HranaValueType.Blob => "blob",
        _ => "null",
    };
}

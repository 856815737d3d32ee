using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>
/// JSON form of <see cref="HranaValue"/>: integers as decimal strings (as sqld, which rejects JSON numbers for
/// them), floats as numbers, blobs as standard base64 written without padding and read with or without it.
/// </summary>
internal sealed class HranaValueJsonConverter : JsonConverter<HranaValue>
{
    /// <inheritdoc/>
    public override HranaValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A Hrana value must be a JSON object.");
        }

        // The "type" property may come after "value", so find it first on a copy of the reader.
        var type = FindType(reader);
        HranaValue? result = type == "null" ? HranaValue.Null : null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (type, name)
            {
                case ("integer", "value"):
                    if (reader.TokenType != JsonTokenType.String
                        || !long.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                    {
                        throw new JsonException("An integer Hrana value must be a decimal integer as a string.");
                    }

                    result = HranaValue.FromInteger(integer);
                    break;
                case ("float", "value"):
                    result = HranaValue.FromFloat(reader.GetDouble());
                    break;
                case ("text", "value"):
                    result = HranaValue.FromText(reader.GetString() ?? throw new JsonException("A text Hrana value must be a string."));
                    break;
                case ("blob", "base64"):
                    result = HranaValue.FromBlob(DecodeBase64(reader.GetString() ?? throw new JsonException("A blob Hrana value must be a base64 string.")));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return result ?? throw new JsonException($"The Hrana value of type '{type}' has no value.");
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
                writer.WriteString("value"u8, value.Integer.ToString(CultureInfo.InvariantCulture));
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
                writer.WriteString("base64"u8, Convert.ToBase64String(value.Blob).TrimEnd('='));
                break;
        }

        writer.WriteEndObject();
    }

    /// <summary>Decodes standard base64 with or without '=' padding (sqld strips it before decoding).</summary>
    internal static byte[] DecodeBase64(string text)
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

    private static string FindType(Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            if (isType)
            {
                return reader.GetString() ?? throw new JsonException("A Hrana value's type must be a string.");
            }

            reader.Skip();
        }

        throw new JsonException("A Hrana value has no 'type'.");
    }
}

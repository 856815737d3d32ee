using System.Text.Json;
using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>
/// Reads a cursor <see cref="HranaRowEntry"/> (<c>{"row": [...]}</c>, other members ignored) straight off the reader.
/// </summary>
/// <remarks>
/// A cursor sends one entry per row, and the generated object reader's set-up cost as much as decoding a short row. The
/// union converter has already chosen the type, so the <c>"type"</c> member is skipped here like any unknown one.
/// </remarks>
internal sealed class HranaRowEntryJsonConverter : JsonConverter<HranaRowEntry>
{
    private static readonly HranaRowJsonConverter RowConverter = new();

    /// <inheritdoc/>
    public override HranaRowEntry Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A Hrana row entry must be a JSON object.");
        }

        var entry = new HranaRowEntry();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var isRow = reader.ValueTextEquals("row"u8);
            reader.Read();
            if (isRow && reader.TokenType != JsonTokenType.Null)
            {
                entry.Row = RowConverter.Read(ref reader, typeof(HranaValue[]), options);
            }
            else if (isRow)
            {
                // An explicit null gives a null row, as the generated reader did.
                entry.Row = null!;
            }
            else
            {
                reader.Skip();
            }
        }

        return entry;
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, HranaRowEntry value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WritePropertyName("row"u8);
        RowConverter.Write(writer, value.Row, options);
        writer.WriteEndObject();
    }
}

using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>
/// JSON form of a row (<c>HranaValue[]</c>): an array of <see cref="HranaValue"/>. Result sets hold thousands of rows, so
/// this reads the cells straight into a pooled buffer and allocates only the exact-size row, instead of System.Text.Json's
/// list-then-copy through a per-element converter call.
/// </summary>
internal sealed class HranaRowJsonConverter : JsonConverter<HranaValue[]>
{
    // Rows are rarely wider than this; wider ones grow the rented buffer.
    private const int InitialWidth = 16;

    private static readonly HranaValueJsonConverter ValueConverter = new();

    /// <inheritdoc/>
    public override HranaValue[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("A Hrana row must be a JSON array.");
        }

        var buffer = ArrayPool<HranaValue>.Shared.Rent(InitialWidth);
        var count = 0;
        try
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (count == buffer.Length)
                {
                    var larger = ArrayPool<HranaValue>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<HranaValue>.Shared.Return(buffer, clearArray: true);
                    buffer = larger;
                }

                buffer[count++] = ValueConverter.Read(ref reader, typeof(HranaValue), options);
            }

            return buffer.AsSpan(0, count).ToArray();
        }
        finally
        {
            ArrayPool<HranaValue>.Shared.Return(buffer, clearArray: true);
        }
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, HranaValue[] value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartArray();
        foreach (var cell in value)
        {
            ValueConverter.Write(writer, cell, options);
        }

        writer.WriteEndArray();
    }
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Libsql.Client.Hrana;

/// <summary>
/// Reads a Hrana tagged union (<see cref="HranaStreamResult"/>, <see cref="HranaStreamResponse"/>, <see cref="HranaCursorEntry"/>…)
/// whose <c>"type"</c> may come in any position, without buffering the object.
/// </summary>
/// <remarks>
/// System.Text.Json's <c>AllowOutOfOrderMetadataProperties</c> buffers every polymorphic object before dispatching, which
/// made a 10,000-row result cost several times a plain reader walk. Here the discriminator is found on a copy of the
/// reader (a struct: sqld writes "type" first, so that scan stops at once), then the derived type's own converter reads
/// the object for real (see <see cref="HranaUnionCase{TBase}"/>), skipping "type" as an unknown property. Writing goes
/// through the attribute-driven polymorphic contract of a context without this converter, so the tags live in one place.
/// </remarks>
/// <typeparam name="TBase">The union's base type, declared with <c>[JsonPolymorphic]</c>.</typeparam>
internal sealed class HranaUnionJsonConverter<TBase> : JsonConverter<TBase>
    where TBase : class
{
    private readonly JsonTypeInfo<TBase> _polymorphic;
    private readonly byte[][] _tags;
    private readonly HranaUnionCase<TBase>[] _cases;

    /// <summary>
    /// Creates the converter from the union's polymorphic contract, which supplies the tags and the derived types.
    /// </summary>
    public HranaUnionJsonConverter(JsonTypeInfo<TBase> polymorphic)
    {
        ArgumentNullException.ThrowIfNull(polymorphic);
        var derived = polymorphic.PolymorphismOptions?.DerivedTypes
            ?? throw new ArgumentException($"{typeof(TBase).Name} is not a polymorphic type.", nameof(polymorphic));
        _polymorphic = polymorphic;
        _tags = [.. derived.Select(d => Encoding.UTF8.GetBytes((string)d.TypeDiscriminator!))];
        _cases = [.. derived.Select(d => HranaUnionCase<TBase>.For(d.DerivedType))];
    }

    /// <inheritdoc/>
    public override TBase Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A {typeof(TBase).Name} must be a JSON object.");
        }

        // The case reads with the reading options' contracts, so nested unions and values use their converters too.
        return _cases[FindTag(reader)].Read(ref reader, options);
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, TBase value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, _polymorphic);

    // Takes the reader by value: the scan must not move the caller's reader.
    private int FindTag(Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            if (!isType)
            {
                reader.Skip();
                continue;
            }

            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException($"The 'type' of a {typeof(TBase).Name} must be a string.");
            }

            for (var i = 0; i < _tags.Length; i++)
            {
                if (reader.ValueTextEquals(_tags[i]))
                {
                    return i;
                }
            }

            throw new JsonException($"Unknown {typeof(TBase).Name} type '{reader.GetString()}'.");
        }

        throw new JsonException($"A {typeof(TBase).Name} has no 'type'.");
    }
}

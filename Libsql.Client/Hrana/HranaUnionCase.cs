using System.Text.Json;
using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>One member of a Hrana tagged union, read by its derived type's own converter.</summary>
/// <remarks>
/// Calling the derived converter directly, rather than <c>JsonSerializer.Deserialize(ref reader, typeInfo)</c>, matters:
/// that overload first skips the whole value to scope a reader to it, which walks a 10,000-row result once more per
/// nesting level (result, then response).
/// </remarks>
/// <typeparam name="TBase">The union's base type.</typeparam>
internal abstract class HranaUnionCase<TBase>
    where TBase : class
{
    /// <summary>The derived type this case reads.</summary>
    public abstract Type Type { get; }

    /// <summary>The case for <typeparamref name="TDerived"/>.</summary>
    public static HranaUnionCase<TBase> Of<TDerived>()
        where TDerived : TBase => new Derived<TDerived>();

    /// <summary>Reads the object the reader is on (its <c>StartObject</c>) as this case's type.</summary>
    public abstract TBase Read(ref Utf8JsonReader reader, JsonSerializerOptions options);

    private sealed class Derived<TDerived> : HranaUnionCase<TBase>
        where TDerived : TBase
    {
        // One case belongs to one converter, which belongs to one options instance.
        private JsonConverter<TDerived>? _converter;

        public override Type Type => typeof(TDerived);

        public override TBase Read(ref Utf8JsonReader reader, JsonSerializerOptions options)
        {
            _converter ??= (JsonConverter<TDerived>)options.GetTypeInfo(typeof(TDerived)).Converter;
            return _converter.Read(ref reader, typeof(TDerived), options)
                ?? throw new JsonException($"A {typeof(TBase).Name} is null.");
        }
    }
}

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
    // Built from the union's own [JsonDerivedType] attributes, so its members are listed once. The generic type is made at
    // run time: the library is not trimmed, and all reference-type cases share one JIT instantiation.
    /// <summary>The case for <paramref name="derivedType"/>, one of the union's derived types.</summary>
    public static HranaUnionCase<TBase> For(Type derivedType)
    {
        ArgumentNullException.ThrowIfNull(derivedType);
        if (!derivedType.IsAssignableTo(typeof(TBase)))
        {
            throw new ArgumentException($"{derivedType.Name} is not a {typeof(TBase).Name}.", nameof(derivedType));
        }

        return (HranaUnionCase<TBase>)Activator.CreateInstance(typeof(Derived<>).MakeGenericType(typeof(TBase), derivedType))!;
    }

    /// <summary>Reads the object the reader is on (its <c>StartObject</c>) as this case's type.</summary>
    public abstract TBase Read(ref Utf8JsonReader reader, JsonSerializerOptions options);

    private sealed class Derived<TDerived> : HranaUnionCase<TBase>
        where TDerived : TBase
    {
        // One case belongs to one converter, which belongs to one options instance.
        private JsonConverter<TDerived>? _converter;

        public override TBase Read(ref Utf8JsonReader reader, JsonSerializerOptions options)
        {
            _converter ??= (JsonConverter<TDerived>)options.GetTypeInfo(typeof(TDerived)).Converter;
            return _converter.Read(ref reader, typeof(TDerived), options)
                ?? throw new JsonException($"A {typeof(TBase).Name} is null.");
        }
    }
}

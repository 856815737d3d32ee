using System.Text.Json.Serialization;

namespace Libsql.Client.Hrana;

/// <summary>
/// A Hrana <c>Value</c>: null, integer, float, text or blob. A struct because result sets hold one per cell.
/// </summary>
[JsonConverter(typeof(HranaValueJsonConverter))]
internal readonly struct HranaValue : IEquatable<HranaValue>
{
    // An integer, or a float's bits: one field keeps the struct at 24 bytes, not 32, and a result set holds one per cell.
    private readonly long _bits;
    private readonly object? _reference;

    private HranaValue(HranaValueType type, long bits, object? reference)
    {
        Type = type;
        _bits = bits;
        _reference = reference;
    }

    /// <summary>SQL NULL (also the default value of the struct).</summary>
    public static HranaValue Null => default;

    /// <summary>The storage class.</summary>
    public HranaValueType Type { get; }

    /// <summary>The integer; only meaningful when <see cref="Type"/> is Integer.</summary>
    public long Integer => Type == HranaValueType.Integer ? _bits : throw WrongType(HranaValueType.Integer);

    /// <summary>The float; only meaningful when <see cref="Type"/> is Float.</summary>
    public double Float => Type == HranaValueType.Float ? BitConverter.Int64BitsToDouble(_bits) : throw WrongType(HranaValueType.Float);

    /// <summary>The text; only meaningful when <see cref="Type"/> is Text.</summary>
    public string Text => Type == HranaValueType.Text ? (string)_reference! : throw WrongType(HranaValueType.Text);

    /// <summary>The bytes; only meaningful when <see cref="Type"/> is Blob.</summary>
    public byte[] Blob => Type == HranaValueType.Blob ? (byte[])_reference! : throw WrongType(HranaValueType.Blob);

    /// <summary>An integer value.</summary>
    public static HranaValue FromInteger(long value) => new(HranaValueType.Integer, value, null);

    /// <summary>A float value.</summary>
    public static HranaValue FromFloat(double value) => new(HranaValueType.Float, BitConverter.DoubleToInt64Bits(value), null);

    /// <summary>A text value.</summary>
    public static HranaValue FromText(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(HranaValueType.Text, 0, value);
    }

    /// <summary>A blob value.</summary>
    public static HranaValue FromBlob(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(HranaValueType.Blob, 0, value);
    }

    /// <inheritdoc/>
    public bool Equals(HranaValue other) => Type == other.Type && Type switch
    {
        HranaValueType.Null => true,
        HranaValueType.Integer => _bits == other._bits,
        HranaValueType.Float => BitConverter.Int64BitsToDouble(_bits).Equals(BitConverter.Int64BitsToDouble(other._bits)),
        HranaValueType.Text => string.Equals((string)_reference!, (string)other._reference!, StringComparison.Ordinal),
        _ => ((byte[])_reference!).AsSpan().SequenceEqual((byte[])other._reference!),
    };

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is HranaValue other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Type switch
    {
        HranaValueType.Null => 0,
        HranaValueType.Integer => _bits.GetHashCode(),
        HranaValueType.Float => BitConverter.Int64BitsToDouble(_bits).GetHashCode(),
        HranaValueType.Text => StringComparer.Ordinal.GetHashCode((string)_reference!),
        _ => ((byte[])_reference!).Length,
    };

    /// <inheritdoc/>
    public override string ToString() => Type switch
    {
        HranaValueType.Null => "null",
        HranaValueType.Integer => _bits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        HranaValueType.Float => BitConverter.Int64BitsToDouble(_bits).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        HranaValueType.Text => (string)_reference!,
        _ => $"blob[{((byte[])_reference!).Length}]",
    };

    /// <summary>Value equality.</summary>
    public static bool operator ==(HranaValue left, HranaValue right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(HranaValue left, HranaValue right) => !left.Equals(right);

    private InvalidOperationException WrongType(HranaValueType wanted) =>
        new($"The Hrana value is {Type}, not {wanted}.");
}

using System.Globalization;
using Libsql.Client.Hrana;

namespace Libsql.Client;

/// <summary>
/// One exact libSQL value: null, a 64-bit integer (never routed through <see cref="double"/>), a real, text or a
/// blob. Use <see cref="From(object?)"/> to map a .NET value and <see cref="GetValue{T}"/> to map back, in
/// Microsoft.Data.Sqlite's storage formats: integers of every size as INTEGER, <see cref="bool"/> as 1/0,
/// <see cref="decimal"/> as TEXT <c>0.0###</c>, <see cref="Guid"/> as upper-case TEXT, <see cref="DateTime"/> as TEXT
/// <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>, enums as their underlying integer, byte arrays as BLOB.
/// </summary>
public readonly struct LibsqlValue : IEquatable<LibsqlValue>
{
    private readonly HranaValue _value;

    internal LibsqlValue(HranaValue value) => _value = value;

    /// <summary>SQL NULL (also <c>default(LibsqlValue)</c>).</summary>
    public static LibsqlValue Null => default;

    /// <summary>The storage class.</summary>
    public LibsqlValueType Type => _value.Type switch
    {
        HranaValueType.Integer => LibsqlValueType.Integer,
        HranaValueType.Float => LibsqlValueType.Real,
        HranaValueType.Text => LibsqlValueType.Text,
        HranaValueType.Blob => LibsqlValueType.Blob,
        _ => LibsqlValueType.Null,
    };

    /// <summary>True for SQL NULL.</summary>
    public bool IsNull => _value.Type == HranaValueType.Null;

    internal HranaValue Hrana => _value;

    /// <summary>An integer value.</summary>
    /// <param name="value">The integer.</param>
    /// <returns>The value.</returns>
    public static LibsqlValue FromInteger(long value) => new(HranaValue.FromInteger(value));

    /// <summary>A real value.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The value.</returns>
    public static LibsqlValue FromReal(double value) => new(HranaValue.FromFloat(value));

    /// <summary>A text value.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The value.</returns>
    public static LibsqlValue FromText(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(HranaValue.FromText(value));
    }

    /// <summary>A blob value. The array is not copied.</summary>
    /// <param name="value">The bytes.</param>
    /// <returns>The value.</returns>
    public static LibsqlValue FromBlob(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(HranaValue.FromBlob(value));
    }

    /// <summary>Maps a .NET value to a libSQL value in Microsoft.Data.Sqlite's storage formats (see the type's summary).</summary>
    /// <param name="value">null, <see cref="DBNull"/>, a number, bool, string, byte array, Guid, date, enum or LibsqlValue.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentException">The type has no mapping, or an unsigned integer exceeds <see cref="long.MaxValue"/>.</exception>
    public static LibsqlValue From(object? value) => new(LibsqlTypeMapper.ToHrana(value));

    /// <summary>The integer; throws unless <see cref="Type"/> is <see cref="LibsqlValueType.Integer"/>.</summary>
    /// <returns>The integer.</returns>
    public long AsInteger() => _value.Type == HranaValueType.Integer ? _value.Integer : throw WrongType(LibsqlValueType.Integer);

    /// <summary>The real; throws unless <see cref="Type"/> is <see cref="LibsqlValueType.Real"/>.</summary>
    /// <returns>The number.</returns>
    public double AsReal() => _value.Type == HranaValueType.Float ? _value.Float : throw WrongType(LibsqlValueType.Real);

    /// <summary>The text; throws unless <see cref="Type"/> is <see cref="LibsqlValueType.Text"/>.</summary>
    /// <returns>The text.</returns>
    public string AsText() => _value.Type == HranaValueType.Text ? _value.Text : throw WrongType(LibsqlValueType.Text);

    /// <summary>The bytes; throws unless <see cref="Type"/> is <see cref="LibsqlValueType.Blob"/>. Not a copy.</summary>
    /// <returns>The bytes.</returns>
    public byte[] AsBlob() => _value.Type == HranaValueType.Blob ? _value.Blob : throw WrongType(LibsqlValueType.Blob);

    /// <summary>Converts to a .NET type, reading Microsoft.Data.Sqlite's storage formats (see the type's summary).</summary>
    /// <typeparam name="T">The target type; nullable types and reference types accept NULL.</typeparam>
    /// <returns>The converted value.</returns>
    /// <exception cref="InvalidCastException">The value cannot be represented as <typeparamref name="T"/>.</exception>
    public T GetValue<T>() => LibsqlTypeMapper.FromHrana<T>(_value);

    /// <summary>Converts to a .NET type given at run time.</summary>
    /// <param name="type">The target type.</param>
    /// <returns>The converted value; null for SQL NULL.</returns>
    public object? GetValue(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return LibsqlTypeMapper.FromHrana(_value, type);
    }

    /// <summary>The natural .NET value: null, <see cref="long"/>, <see cref="double"/>, <see cref="string"/> or <see cref="T:byte[]"/>.</summary>
    /// <returns>The boxed value.</returns>
    public object? ToObject() => _value.Type switch
    {
        HranaValueType.Integer => _value.Integer,
        HranaValueType.Float => _value.Float,
        HranaValueType.Text => _value.Text,
        HranaValueType.Blob => _value.Blob,
        _ => null,
    };

    /// <summary>An integer value.</summary>
    /// <param name="value">The integer.</param>
    public static implicit operator LibsqlValue(long value) => FromInteger(value);

    /// <summary>A real value.</summary>
    /// <param name="value">The number.</param>
    public static implicit operator LibsqlValue(double value) => FromReal(value);

    /// <summary>A text value, or NULL for a null string.</summary>
    /// <param name="value">The text.</param>
    public static implicit operator LibsqlValue(string? value) => value is null ? Null : FromText(value);

    /// <summary>A blob value, or NULL for a null array.</summary>
    /// <param name="value">The bytes.</param>
    public static implicit operator LibsqlValue(byte[]? value) => value is null ? Null : FromBlob(value);

    /// <summary>Value equality: same storage class and same content.</summary>
    /// <param name="left">A value.</param>
    /// <param name="right">Another value.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(LibsqlValue left, LibsqlValue right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    /// <param name="left">A value.</param>
    /// <param name="right">Another value.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(LibsqlValue left, LibsqlValue right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(LibsqlValue other) => _value.Equals(other._value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is LibsqlValue other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value.GetHashCode();

    /// <summary>The value as text: "NULL", the number (invariant culture), the text, or "blob[n]".</summary>
    /// <returns>A display string.</returns>
    public override string ToString() => _value.Type switch
    {
        HranaValueType.Null => "NULL",
        HranaValueType.Integer => _value.Integer.ToString(CultureInfo.InvariantCulture),
        HranaValueType.Float => _value.Float.ToString("R", CultureInfo.InvariantCulture),
        HranaValueType.Text => _value.Text,
        _ => $"blob[{_value.Blob.Length}]",
    };

    private InvalidCastException WrongType(LibsqlValueType wanted) => new($"The value is {Type}, not {wanted}.");
}

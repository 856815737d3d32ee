using System.Globalization;
using System.Text;
using Libsql.Client.Hrana;

namespace Libsql.Client;

/// <summary>
/// The one place where .NET types meet libSQL's storage classes (INTEGER, REAL, TEXT, BLOB, NULL). Values are stored and
/// read in Microsoft.Data.Sqlite's formats, so a database written through either provider reads the same through the
/// other (and EF Core's SQLite mappings apply unchanged). Integers stay <see cref="long"/> end to end; decimals travel
/// as invariant text so no digit is lost to binary floating point.
/// </summary>
internal static class LibsqlTypeMapper
{
    private const string DateTimeFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";
    private const string DateTimeOffsetFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz";
    private const string DecimalFormat = "0.0###########################";
    private const string TimeOnlyFormat = "HH:mm:ss.fffffff";
    private const double UnixEpochJulianDay = 2440587.5;

    public static HranaValue ToHrana(object? value) => value switch
    {
        null or DBNull => HranaValue.Null,
        LibsqlValue v => v.Hrana,
        long v => HranaValue.FromInteger(v),
        int v => HranaValue.FromInteger(v),
        string v => HranaValue.FromText(v),
        double v => HranaValue.FromFloat(v),
        byte[] v => HranaValue.FromBlob(v),
        bool v => HranaValue.FromInteger(v ? 1 : 0),
        short v => HranaValue.FromInteger(v),
        byte v => HranaValue.FromInteger(v),
        sbyte v => HranaValue.FromInteger(v),
        ushort v => HranaValue.FromInteger(v),
        uint v => HranaValue.FromInteger(v),
        ulong v => v <= long.MaxValue
            ? HranaValue.FromInteger((long)v)
            : throw new ArgumentException($"The UInt64 value {v} exceeds the largest libSQL integer ({long.MaxValue}); store it as text or a blob.", nameof(value)),
        float v => HranaValue.FromFloat(v),
        decimal v => HranaValue.FromText(v.ToString(DecimalFormat, CultureInfo.InvariantCulture)),
        char v => HranaValue.FromText(v.ToString()),
        Guid v => HranaValue.FromText(v.ToString("D").ToUpperInvariant()),
        DateTime v => HranaValue.FromText(v.ToString(DateTimeFormat, CultureInfo.InvariantCulture)),
        DateTimeOffset v => HranaValue.FromText(v.ToString(DateTimeOffsetFormat, CultureInfo.InvariantCulture)),
        DateOnly v => HranaValue.FromText(v.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        TimeOnly v => HranaValue.FromText(v.ToString(TimeOnlyFormat, CultureInfo.InvariantCulture)),
        TimeSpan v => HranaValue.FromText(v.ToString("c", CultureInfo.InvariantCulture)),
        ReadOnlyMemory<byte> v => HranaValue.FromBlob(v.ToArray()),
        Memory<byte> v => HranaValue.FromBlob(v.ToArray()),
        ArraySegment<byte> v => HranaValue.FromBlob(v.AsSpan().ToArray()),
        Enum v => EnumToHrana(v),
        _ => throw new ArgumentException(
            $"A value of type {value.GetType()} cannot be sent to libSQL. Supported: null, integers, bool, double, float, decimal, string, char, byte[], Guid, DateTime, DateTimeOffset, DateOnly, TimeOnly, TimeSpan, enums and LibsqlValue.",
            nameof(value)),
    };

    public static T FromHrana<T>(HranaValue value)
    {
        // Fast paths the JIT specializes per T; everything else goes through the boxed general path.
        if (typeof(T) == typeof(long) && value.Type == HranaValueType.Integer)
        {
            var v = value.Integer;
            return System.Runtime.CompilerServices.Unsafe.As<long, T>(ref v);
        }

        if (typeof(T) == typeof(double) && value.Type == HranaValueType.Float)
        {
            var v = value.Float;
            return System.Runtime.CompilerServices.Unsafe.As<double, T>(ref v);
        }

        if (typeof(T) == typeof(string) && value.Type == HranaValueType.Text)
        {
            return (T)(object)value.Text;
        }

        var result = FromHrana(value, typeof(T));
        return result is null ? default! : (T)result;
    }

    public static object? FromHrana(HranaValue value, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (value.Type == HranaValueType.Null)
        {
            if (type == typeof(LibsqlValue))
            {
                return LibsqlValue.Null;
            }

            if (!type.IsValueType || underlying is not null)
            {
                return type == typeof(DBNull) ? DBNull.Value : null;
            }

            throw new InvalidCastException($"NULL cannot be converted to {type.Name}; read it as a nullable type (int?, long?, ...) instead.");
        }

        type = underlying ?? type;
        try
        {
            return Convert(value, type);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
        {
            throw new InvalidCastException($"The {Describe(value)} value cannot be converted to {type.Name}: {ex.Message}", ex);
        }
    }

    private static object Convert(HranaValue value, Type type)
    {
        if (type == typeof(object))
        {
            return new LibsqlValue(value).ToObject()!;
        }

        if (type == typeof(LibsqlValue))
        {
            return new LibsqlValue(value);
        }

        if (type.IsEnum)
        {
            return value.Type == HranaValueType.Text
                ? Enum.Parse(type, value.Text, ignoreCase: true)
                : Enum.ToObject(type, ToInt64(value));
        }

        switch (Type.GetTypeCode(type))
        {
            case TypeCode.Int64: return ToInt64(value);
            case TypeCode.Int32: return checked((int)ToInt64(value));
            case TypeCode.Int16: return checked((short)ToInt64(value));
            case TypeCode.Byte: return checked((byte)ToInt64(value));
            case TypeCode.SByte: return checked((sbyte)ToInt64(value));
            case TypeCode.UInt16: return checked((ushort)ToInt64(value));
            case TypeCode.UInt32: return checked((uint)ToInt64(value));
            case TypeCode.UInt64: return checked((ulong)ToInt64(value));
            case TypeCode.Boolean: return ToBoolean(value);
            case TypeCode.Double: return ToDouble(value);
            case TypeCode.Single: return (float)ToDouble(value);
            case TypeCode.Decimal: return ToDecimal(value);
            case TypeCode.String: return ToText(value);
            case TypeCode.Char:
                // As Microsoft.Data.Sqlite: one-character text, else the integer code point.
                return value.Type == HranaValueType.Text && value.Text.Length == 1 ? value.Text[0] : checked((char)ToInt64(value));
            case TypeCode.DateTime: return ToDateTime(value);
        }

        if (type == typeof(byte[]))
        {
            return value.Type switch
            {
                HranaValueType.Blob => value.Blob,
                HranaValueType.Text => Encoding.UTF8.GetBytes(value.Text),
                _ => throw new FormatException("only blobs and text convert to bytes"),
            };
        }

        if (type == typeof(ReadOnlyMemory<byte>))
        {
            return new ReadOnlyMemory<byte>((byte[])Convert(value, typeof(byte[])));
        }

        if (type == typeof(Guid))
        {
            return value.Type switch
            {
                HranaValueType.Text => Guid.Parse(value.Text, CultureInfo.InvariantCulture),
                HranaValueType.Blob when value.Blob.Length == 16 => new Guid(value.Blob),
                HranaValueType.Blob => Guid.Parse(Encoding.UTF8.GetString(value.Blob), CultureInfo.InvariantCulture),
                _ => throw new FormatException("a Guid is stored as text or a 16-byte blob"),
            };
        }

        if (type == typeof(DateTimeOffset))
        {
            return value.Type switch
            {
                HranaValueType.Text => DateTimeOffset.Parse(value.Text, CultureInfo.InvariantCulture),
                _ => new DateTimeOffset(ToDateTime(value)),
            };
        }

        if (type == typeof(DateOnly))
        {
            return value.Type == HranaValueType.Text
                ? DateOnly.Parse(value.Text, CultureInfo.InvariantCulture)
                : DateOnly.FromDateTime(ToDateTime(value));
        }

        if (type == typeof(TimeOnly))
        {
            return TimeOnly.Parse(ToText(value), CultureInfo.InvariantCulture);
        }

        if (type == typeof(TimeSpan))
        {
            return value.Type is HranaValueType.Integer or HranaValueType.Float
                ? TimeSpan.FromDays(ToDouble(value))
                : TimeSpan.Parse(ToText(value), CultureInfo.InvariantCulture);
        }

        throw new InvalidCastException($"libSQL values cannot be converted to {type}. See the type mapping table in the README.");
    }

    private static long ToInt64(HranaValue value) => value.Type switch
    {
        HranaValueType.Integer => value.Integer,
        HranaValueType.Float when value.Float == Math.Floor(value.Float) && value.Float is >= long.MinValue and < 9.2233720368547758E+18 => (long)value.Float,
        HranaValueType.Text => long.Parse(value.Text, NumberStyles.Integer, CultureInfo.InvariantCulture),
        HranaValueType.Float => throw new FormatException("the real has a fractional part or is out of range"),
        _ => throw new FormatException("a blob is not a number"),
    };

    private static bool ToBoolean(HranaValue value) => value.Type switch
    {
        HranaValueType.Integer => value.Integer != 0,
        HranaValueType.Float => value.Float != 0,
        HranaValueType.Text when value.Text is "1" or "0" => value.Text == "1",
        HranaValueType.Text => bool.Parse(value.Text),
        _ => throw new FormatException("a blob is not a boolean"),
    };

    private static double ToDouble(HranaValue value) => value.Type switch
    {
        HranaValueType.Float => value.Float,
        HranaValueType.Integer => value.Integer,
        HranaValueType.Text => double.Parse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => throw new FormatException("a blob is not a number"),
    };

    private static decimal ToDecimal(HranaValue value) => value.Type switch
    {
        HranaValueType.Text => decimal.Parse(value.Text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture),
        HranaValueType.Integer => value.Integer,
        HranaValueType.Float => (decimal)value.Float,
        _ => throw new FormatException("a blob is not a number"),
    };

    private static string ToText(HranaValue value) => value.Type switch
    {
        HranaValueType.Text => value.Text,
        HranaValueType.Integer => value.Integer.ToString(CultureInfo.InvariantCulture),
        HranaValueType.Float => value.Float.ToString("R", CultureInfo.InvariantCulture),
        _ => throw new FormatException("a blob is not text; read it as byte[]"),
    };

    private static DateTime ToDateTime(HranaValue value) => value.Type switch
    {
        HranaValueType.Text => DateTime.Parse(value.Text, CultureInfo.InvariantCulture),
        // As Microsoft.Data.Sqlite: numbers are Julian day numbers (SQLite's julianday()), to the millisecond.
        HranaValueType.Integer or HranaValueType.Float => FromJulianDay(ToDouble(value)),
        _ => throw new FormatException("a blob is not a date"),
    };

    private static DateTime FromJulianDay(double julianDay)
    {
        var milliseconds = Math.Round((julianDay - UnixEpochJulianDay) * 86_400_000.0);
        return DateTime.SpecifyKind(DateTime.UnixEpoch.AddMilliseconds(milliseconds), DateTimeKind.Unspecified);
    }

    private static HranaValue EnumToHrana(Enum value)
    {
        var underlying = Enum.GetUnderlyingType(value.GetType());
        return underlying == typeof(ulong)
            ? ToHrana(System.Convert.ToUInt64(value, CultureInfo.InvariantCulture))
            : HranaValue.FromInteger(System.Convert.ToInt64(value, CultureInfo.InvariantCulture));
    }

    private static string Describe(HranaValue value) => value.Type switch
    {
        HranaValueType.Integer => "integer",
        HranaValueType.Float => "real",
        HranaValueType.Text => "text",
        _ => "blob",
    };
}

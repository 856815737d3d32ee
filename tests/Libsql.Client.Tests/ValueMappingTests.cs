using System.Text;

namespace Libsql.Client.Tests;

public sealed class ValueMappingTests
{
    private enum Colour : short
    {
        Red = 1,
        Blue = 7,
    }

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    [InlineData(9007199254740993L)] // 2^53 + 1: lost if routed through double
    [InlineData(0L)]
    public void Integers_are_exact(long value)
    {
        var v = LibsqlValue.From(value);

        Assert.Equal(LibsqlValueType.Integer, v.Type);
        Assert.Equal(value, v.AsInteger());
        Assert.Equal(value, v.GetValue<long>());
        Assert.Equal(value, v.ToObject());
    }

    [Fact]
    public void Every_mapped_type_round_trips()
    {
        var guid = Guid.NewGuid();
        var date = new DateTime(2024, 2, 29, 13, 14, 15, 123).AddTicks(4567);
        var offset = new DateTimeOffset(2024, 2, 29, 13, 14, 15, TimeSpan.FromHours(2));
        var bytes = new byte[] { 0, 1, 255 };

        Assert.Equal(42, LibsqlValue.From(42).GetValue<int>());
        Assert.Equal((short)-3, LibsqlValue.From((short)-3).GetValue<short>());
        Assert.Equal((byte)200, LibsqlValue.From((byte)200).GetValue<byte>());
        Assert.True(LibsqlValue.From(true).GetValue<bool>());
        Assert.Equal(1L, LibsqlValue.From(true).AsInteger());
        Assert.Equal(0.1 + 0.2, LibsqlValue.From(0.1 + 0.2).GetValue<double>());
        Assert.Equal(1.5f, LibsqlValue.From(1.5f).GetValue<float>());
        Assert.Equal(79228162514264337593543950335m, LibsqlValue.From(79228162514264337593543950335m).GetValue<decimal>());
        Assert.Equal("0.1", LibsqlValue.From(0.10m).AsText());
        Assert.Equal("1.0", LibsqlValue.From(1m).AsText());
        Assert.Equal("héllo \u0000 😀", LibsqlValue.From("héllo \u0000 😀").GetValue<string>());
        Assert.Equal(bytes, LibsqlValue.From(bytes).GetValue<byte[]>());
        Assert.Equal(guid, LibsqlValue.From(guid).GetValue<Guid>());
        Assert.Equal(guid, LibsqlValue.FromBlob(guid.ToByteArray()).GetValue<Guid>());
        Assert.Equal(date, LibsqlValue.From(date).GetValue<DateTime>());
        Assert.Equal("2024-02-29 13:14:15.1234567", LibsqlValue.From(date).AsText());
        Assert.Equal(offset, LibsqlValue.From(offset).GetValue<DateTimeOffset>());
        Assert.Equal(new DateOnly(2024, 1, 2), LibsqlValue.From(new DateOnly(2024, 1, 2)).GetValue<DateOnly>());
        Assert.Equal(new TimeOnly(23, 59, 1), LibsqlValue.From(new TimeOnly(23, 59, 1)).GetValue<TimeOnly>());
        Assert.Equal(TimeSpan.FromMinutes(90), LibsqlValue.From(TimeSpan.FromMinutes(90)).GetValue<TimeSpan>());
        Assert.Equal(Colour.Blue, LibsqlValue.From(Colour.Blue).GetValue<Colour>());
        Assert.Equal(7L, LibsqlValue.From(Colour.Blue).AsInteger());
        Assert.Equal(Colour.Red, LibsqlValue.FromText("red").GetValue<Colour>());
        Assert.Equal((ulong)long.MaxValue, LibsqlValue.From((ulong)long.MaxValue).GetValue<ulong>());
        Assert.Equal('x', LibsqlValue.From('x').GetValue<char>());
    }

    [Fact]
    public void Reads_convert_from_the_other_storage_classes_the_type_mapping_table_lists()
    {
        var guid = Guid.NewGuid();

        // Integers: from REAL without fraction and numeric TEXT.
        Assert.Equal(3, LibsqlValue.FromReal(3.0).GetValue<int>());
        Assert.Equal(42L, LibsqlValue.FromText("42").GetValue<long>());
        Assert.Equal((ushort)7, LibsqlValue.FromText("7").GetValue<ushort>());
        Assert.Equal(5UL, LibsqlValue.FromInteger(5).GetValue<ulong>());

        // bool: non-zero INTEGER or REAL; TEXT 1/0/true/false.
        Assert.True(LibsqlValue.FromInteger(2).GetValue<bool>());
        Assert.True(LibsqlValue.FromReal(0.5).GetValue<bool>());
        Assert.False(LibsqlValue.FromReal(0).GetValue<bool>());
        Assert.True(LibsqlValue.FromText("true").GetValue<bool>());
        Assert.False(LibsqlValue.FromText("0").GetValue<bool>());

        // double, decimal: from INTEGER, REAL and numeric TEXT.
        Assert.Equal(2.0, LibsqlValue.FromInteger(2).GetValue<double>());
        Assert.Equal(2.5, LibsqlValue.FromText("2.5").GetValue<double>());
        Assert.Equal(12m, LibsqlValue.FromInteger(12).GetValue<decimal>());
        Assert.Equal(0.25m, LibsqlValue.FromReal(0.25).GetValue<decimal>());
        Assert.Equal(0.1m, LibsqlValue.FromText("0.1").GetValue<decimal>());

        // string from numbers, formatted invariantly; char from a code point.
        Assert.Equal("12", LibsqlValue.FromInteger(12).GetValue<string>());
        Assert.Equal("1.5", LibsqlValue.FromReal(1.5).GetValue<string>());
        Assert.Equal('A', LibsqlValue.FromInteger(65).GetValue<char>());

        // Bytes from TEXT as UTF-8; Guid from TEXT, a 16-byte BLOB, or a BLOB of UTF-8 text.
        Assert.Equal("é"u8.ToArray(), LibsqlValue.FromText("é").GetValue<byte[]>());
        Assert.Equal(guid, LibsqlValue.FromText(guid.ToString()).GetValue<Guid>());
        Assert.Equal(guid, LibsqlValue.FromBlob(System.Text.Encoding.UTF8.GetBytes(guid.ToString())).GetValue<Guid>());

        // Dates: Julian day numbers (2451545.0 = 2000-01-01 12:00), TEXT with an offset as local time, without one as local.
        var noon = new DateTime(2000, 1, 1, 12, 0, 0);
        Assert.Equal(noon, LibsqlValue.FromReal(2451545.0).GetValue<DateTime>());
        Assert.Equal(noon, LibsqlValue.FromInteger(2451545).GetValue<DateTime>());
        Assert.Equal(noon.AddHours(6), LibsqlValue.FromReal(2451545.25).GetValue<DateTime>());
        Assert.Equal(DateTimeOffset.Parse("2024-01-02T03:04:05+02:00", System.Globalization.CultureInfo.InvariantCulture).LocalDateTime,
            LibsqlValue.FromText("2024-01-02 03:04:05+02:00").GetValue<DateTime>());
        var local = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Local);
        Assert.Equal(new DateTimeOffset(local), LibsqlValue.FromText("2024-01-02 03:04:05").GetValue<DateTimeOffset>());
        Assert.Equal(noon.TimeOfDay, LibsqlValue.FromReal(2451545.0).GetValue<DateTimeOffset>().TimeOfDay);
        Assert.Equal(new DateOnly(2000, 1, 1), LibsqlValue.FromInteger(2451545).GetValue<DateOnly>());
        Assert.Equal(TimeSpan.FromHours(36), LibsqlValue.FromReal(1.5).GetValue<TimeSpan>());

        // Enums: INTEGER, or TEXT name in any case.
        Assert.Equal(Colour.Blue, LibsqlValue.FromInteger(7).GetValue<Colour>());
        Assert.Equal(Colour.Blue, LibsqlValue.FromText("BLUE").GetValue<Colour>());
    }

    [Fact]
    public void Nulls_map_to_nullable_and_reference_types_only()
    {
        Assert.True(LibsqlValue.From(null).IsNull);
        Assert.True(LibsqlValue.From(DBNull.Value).IsNull);
        Assert.Null(LibsqlValue.Null.GetValue<int?>());
        Assert.Null(LibsqlValue.Null.GetValue<string>());
        Assert.Null(LibsqlValue.Null.ToObject());
        Assert.Contains("int?", Assert.Throws<InvalidCastException>(() => LibsqlValue.Null.GetValue<int>()).Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Out_of_range_and_unmapped_values_fail_clearly()
    {
        // Each message names the stored kind and the type asked for, so the caller knows which read to change.
        Assert.Contains("The integer value cannot be converted to Int32", Assert.Throws<InvalidCastException>(() => LibsqlValue.From(long.MaxValue).GetValue<int>()).Message, StringComparison.Ordinal);
        Assert.Contains("The integer value cannot be converted to Byte", Assert.Throws<InvalidCastException>(() => LibsqlValue.From(-1).GetValue<byte>()).Message, StringComparison.Ordinal);
        Assert.Contains("The real value cannot be converted to Int64", Assert.Throws<InvalidCastException>(() => LibsqlValue.From(1.5).GetValue<long>()).Message, StringComparison.Ordinal);
        Assert.Contains("The blob value cannot be converted to String", Assert.Throws<InvalidCastException>(() => LibsqlValue.FromBlob([1]).GetValue<string>()).Message, StringComparison.Ordinal);
        Assert.Contains("The value is Text, not Integer", Assert.Throws<InvalidCastException>(() => LibsqlValue.FromText("abc").AsInteger()).Message, StringComparison.Ordinal);
        Assert.Contains("UInt64", Assert.Throws<ArgumentException>(() => LibsqlValue.From(ulong.MaxValue)).Message, StringComparison.Ordinal);
        Assert.Contains("cannot be sent", Assert.Throws<ArgumentException>(() => LibsqlValue.From(new object())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_compare_by_content()
    {
        Assert.Equal(LibsqlValue.FromBlob(Encoding.UTF8.GetBytes("ab")), LibsqlValue.FromBlob([97, 98]));
        Assert.NotEqual(LibsqlValue.FromInteger(1), LibsqlValue.FromReal(1));
        Assert.True(LibsqlValue.FromText("a") == "a");
        Assert.Equal("NULL", LibsqlValue.Null.ToString());
        Assert.Equal("blob[2]", LibsqlValue.FromBlob([1, 2]).ToString());
    }
}

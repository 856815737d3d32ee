using System.Globalization;

namespace Libsql.TestServer.Hosting;

/// <summary>
/// Byte sizes as sqld's admin API writes and reads them (the Rust <c>bytesize</c> crate 1.3, human-readable serde):
/// written as <c>"888.2 PiB"</c>; read from a number of bytes or a text such as <c>"10MB"</c>, <c>"1.5 GiB"</c>.
/// </summary>
internal static class ByteSize
{
    private const string BinaryPrefixes = "KMGTPE";

    /// <summary>The crate's <c>Display</c>: binary units, one decimal, plain bytes below 1 KiB.</summary>
    public static string Format(long bytes)
    {
        if (bytes < 1024)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{bytes} B");
        }

        var exponent = (int)Math.Floor(Math.Log(bytes) / Math.Log(1024));
        var value = bytes / Math.Pow(1024, exponent);
        return string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {BinaryPrefixes[exponent - 1]}iB");
    }

    /// <summary>The crate's <c>FromStr</c>: bytes, or a number followed by k/kb/ki/kib … p/pb/pi/pib (any case).</summary>
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out bytes))
        {
            return true;
        }

        var numberEnd = 0;
        while (numberEnd < text.Length && (char.IsAsciiDigit(text[numberEnd]) || text[numberEnd] == '.'))
        {
            numberEnd++;
        }

        if (!double.TryParse(text.AsSpan(0, numberEnd), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        double? unit = text[numberEnd..].Trim().ToLowerInvariant() switch
        {
            "b" => 1,
            "k" or "kb" => 1e3,
            "ki" or "kib" => 1L << 10,
            "m" or "mb" => 1e6,
            "mi" or "mib" => 1L << 20,
            "g" or "gb" => 1e9,
            "gi" or "gib" => 1L << 30,
            "t" or "tb" => 1e12,
            "ti" or "tib" => 1L << 40,
            "p" or "pb" => 1e15,
            "pi" or "pib" => 1L << 50,
            _ => null,
        };
        if (unit is null || number * unit.Value >= long.MaxValue)
        {
            return false;
        }

        bytes = (long)(number * unit.Value);
        return true;
    }
}

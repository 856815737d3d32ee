using System.Globalization;

namespace SampleApi.Data;

/// <summary>Timestamps are stored as ISO 8601 UTC text (SQLite has no date type), written by SQL, read here.</summary>
internal static class SqlTimestamp
{
    /// <summary>The SQL expression for "now", to the millisecond, e.g. <c>2026-11-25T16:07:25.743Z</c>.</summary>
    public const string Now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

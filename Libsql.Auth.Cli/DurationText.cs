using System.Globalization;

namespace Libsql.Auth.Cli;

/// <summary>Durations as the tool takes them: a whole number and a unit, e.g. <c>90s</c>, <c>30m</c>, <c>1h</c>, <c>2d</c>.</summary>
internal static class DurationText
{
    /// <summary>Parses a duration.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The duration, always positive.</returns>
    /// <exception cref="UsageException">The text is not a positive number followed by s, m, h or d.</exception>
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length >= 2
            && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            && amount > 0)
        {
            try
            {
                switch (text[^1])
                {
                    case 's': return TimeSpan.FromSeconds(amount);
                    case 'm': return TimeSpan.FromMinutes(amount);
                    case 'h': return TimeSpan.FromHours(amount);
                    case 'd': return TimeSpan.FromDays(amount);
                }
            }
            catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
            {
                throw new UsageException($"Duration '{text}' is too long.");
            }
        }

        throw new UsageException($"Duration '{text}' is not valid: use a positive whole number and a unit s, m, h or d, e.g. 90s, 30m, 1h, 2d.");
    }
}

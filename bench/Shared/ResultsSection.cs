using System.Text;

namespace Libsql.Bench.Shared;

/// <summary>
/// Writes one benchmark's generated section of <c>bench/RESULTS.md</c> between its own markers, so that a run of one
/// benchmark keeps the other benchmarks' sections and every hand-written note outside the markers.
/// </summary>
internal static class ResultsSection
{
    /// <summary>Replaces the section named <paramref name="name"/>, or appends it when the file has none yet.</summary>
    public static void Write(string path, string name, string section)
    {
        var begin = $"<!-- {name}: generated section begins -->";
        var end = $"<!-- {name}: generated section ends -->";
        var block = new StringBuilder()
            .AppendLine(begin)
            .AppendLine(section.TrimEnd('\n', '\r'))
            .Append(end)
            .ToString();
        var text = File.Exists(path) ? File.ReadAllText(path) : "";
        var from = text.IndexOf(begin, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        text = from >= 0 && to > from
            ? string.Concat(text.AsSpan(0, from), block, text.AsSpan(to + end.Length))
            : text.Length == 0 ? block + Environment.NewLine : text.TrimEnd('\n', '\r') + Environment.NewLine + Environment.NewLine + block + Environment.NewLine;
        File.WriteAllText(path, text);
    }
}

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Splits a SQL script into statements where SQLite's own shell would (<c>sqlite3_complete</c>): at a <c>;</c> outside
/// string literals, quoted identifiers and comments, and inside <c>CREATE TRIGGER</c> only at the <c>;</c> after the
/// body's <c>END</c>. Each statement is sent as one step of a Hrana batch, which accepts exactly one statement per step,
/// so a failure names the statement it came from.
/// </summary>
internal static class LibsqlSqlScript
{
    /// <summary>The statements of <paramref name="sql"/>, trimmed, without their <c>;</c>; comment-only pieces are dropped.</summary>
    /// <exception cref="FormatException">A string literal, quoted identifier or block comment is not closed.</exception>
    public static IReadOnlyList<string> Split(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var statements = new List<string>();
        var start = 0;
        var hasCode = false;
        // Words of the statement so far (up to the 4 that decide CREATE [TEMP|TEMPORARY] TRIGGER), and the last one.
        var words = new List<string>(4);
        string? lastWord = null;
        var inTrigger = false;

        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                var end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end + 1;
                continue;
            }

            if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new FormatException($"A /* comment starting at offset {i} is not closed.");
                }

                i = end + 2;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c is '\'' or '"' or '`' or '[')
            {
                var close = c == '[' ? ']' : c;
                var j = i + 1;
                while (true)
                {
                    var end = sql.IndexOf(close, j);
                    if (end < 0)
                    {
                        throw new FormatException($"A {(c == '\'' ? "string literal" : "quoted identifier")} starting at offset {i} is not closed.");
                    }

                    // '' inside '...' (and "" inside "...", `` inside `...`) is an escaped quote; ']' cannot be escaped.
                    if (close != ']' && end + 1 < sql.Length && sql[end + 1] == close)
                    {
                        j = end + 2;
                        continue;
                    }

                    i = end + 1;
                    break;
                }

                hasCode = true;
                lastWord = null;
                continue;
            }

            if (c == ';')
            {
                if (inTrigger && !string.Equals(lastWord, "END", StringComparison.OrdinalIgnoreCase))
                {
                    // A statement inside the trigger's body.
                    lastWord = null;
                    i++;
                    continue;
                }

                if (hasCode)
                {
                    statements.Add(sql[start..i].Trim());
                }

                i++;
                start = i;
                hasCode = false;
                words.Clear();
                lastWord = null;
                inTrigger = false;
                continue;
            }

            if (char.IsLetter(c) || c == '_')
            {
                var j = i + 1;
                while (j < sql.Length && (char.IsLetterOrDigit(sql[j]) || sql[j] is '_' or '$'))
                {
                    j++;
                }

                var word = sql[i..j];
                if (words.Count < 4)
                {
                    words.Add(word);
                    inTrigger = inTrigger || IsCreateTrigger(words);
                }

                lastWord = word;
                hasCode = true;
                i = j;
                continue;
            }

            hasCode = true;
            lastWord = null;
            i++;
        }

        if (hasCode)
        {
            statements.Add(sql[start..].Trim());
        }

        return statements;
    }

    private static bool IsCreateTrigger(List<string> words)
    {
        if (words.Count < 2 || !string.Equals(words[0], "CREATE", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var next = words[1];
        if (string.Equals(next, "TEMP", StringComparison.OrdinalIgnoreCase) || string.Equals(next, "TEMPORARY", StringComparison.OrdinalIgnoreCase))
        {
            return words.Count >= 3 && string.Equals(words[2], "TRIGGER", StringComparison.OrdinalIgnoreCase);
        }

        return string.Equals(next, "TRIGGER", StringComparison.OrdinalIgnoreCase);
    }
}

namespace Libsql.Client;

/// <summary>
/// The little SQL knowledge the client and the hosting integration need: is a statement safe to repeat, where does one
/// end?
/// </summary>
internal static class LibsqlSql
{
    /// <summary>
    /// True when the statement starts with SELECT, VALUES or EXPLAIN (after comments and parentheses). Deliberately
    /// narrow: WITH can lead into INSERT/UPDATE/DELETE, and PRAGMA can write, so those are never repeated.
    /// </summary>
    public static bool IsReadOnly(string sql)
    {
        var text = sql.AsSpan();
        while (true)
        {
            text = text.TrimStart();
            if (text.StartsWith("--"))
            {
                var end = text.IndexOf('\n');
                text = end < 0 ? [] : text[(end + 1)..];
            }
            else if (text.StartsWith("/*"))
            {
                var end = text.IndexOf("*/");
                text = end < 0 ? [] : text[(end + 2)..];
            }
            else if (text.StartsWith("("))
            {
                text = text[1..];
            }
            else
            {
                break;
            }
        }

        return StartsWithKeyword(text, "SELECT") || StartsWithKeyword(text, "VALUES") || StartsWithKeyword(text, "EXPLAIN");
    }

    /// <summary>
    /// Splits SQL text into its statements the way SQLite's parser sees them: semicolons inside string literals,
    /// quoted identifiers, comments and <c>CREATE TRIGGER ... BEGIN ... END</c> bodies do not split. Empty statements
    /// (stray semicolons, trailing comments) are dropped. Each statement reports how many anonymous <c>?</c>
    /// parameters it has, so positional arguments can be handed out in order. An unclosed literal or comment runs to
    /// the end of the text, where the server reports it with its own error.
    /// </summary>
    /// <param name="sql">The text.</param>
    /// <returns>The statements, in order, trimmed, without their terminating semicolons.</returns>
    public static List<LibsqlSqlStatement> Split(string sql) => Split(sql, strict: false);

    /// <summary>
    /// Splits a SQL script (an init file, a creation script) as <see cref="Split(string)"/> does, for running each
    /// statement as its own batch step so a failure names the statement it came from; nothing is sent when the script
    /// cannot be split.
    /// </summary>
    /// <param name="sql">The script.</param>
    /// <returns>The statements, in order, trimmed, without their terminating semicolons.</returns>
    /// <exception cref="FormatException">A string literal, quoted identifier or block comment is not closed.</exception>
    public static IReadOnlyList<string> SplitScript(string sql) => [.. Split(sql, strict: true).Select(s => s.Sql)];

    private static List<LibsqlSqlStatement> Split(string sql, bool strict)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var statements = new List<LibsqlSqlStatement>();
        var start = 0;
        var anonymous = 0;
        var numbered = false;
        var hasToken = false;
        var firstWord = (string?)null;
        var secondWord = (string?)null;
        var thirdWord = (string?)null;
        var trigger = false;
        var caseDepth = 0;
        var previousWord = (string?)null;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c is '\'' or '"' or '`' or '[')
            {
                var close = c == '[' ? ']' : c;
                var opening = i;
                i++;
                while (i < sql.Length)
                {
                    if (sql[i] == close)
                    {
                        // A doubled quote is an escaped one, except for [...] which has no escape.
                        if (close != ']' && i + 1 < sql.Length && sql[i + 1] == close)
                        {
                            i += 2;
                            continue;
                        }

                        break;
                    }

                    i++;
                }

                if (strict && i >= sql.Length)
                {
                    throw new FormatException($"A {(c == '\'' ? "string literal" : "quoted identifier")} starting at offset {opening} is not closed.");
                }

                i++;
                hasToken = true;
                previousWord = null;
                continue;
            }

            if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                var end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end + 1;
                continue;
            }

            if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (strict && end < 0)
                {
                    throw new FormatException($"A /* comment starting at offset {i} is not closed.");
                }

                i = end < 0 ? sql.Length : end + 2;
                continue;
            }

            if (c == '?')
            {
                i++;
                if (i < sql.Length && char.IsAsciiDigit(sql[i]))
                {
                    numbered = true;
                    while (i < sql.Length && char.IsAsciiDigit(sql[i]))
                    {
                        i++;
                    }
                }
                else
                {
                    anonymous++;
                }

                hasToken = true;
                previousWord = null;
                continue;
            }

            if (char.IsLetter(c) || c == '_')
            {
                var wordStart = i;
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] is '_' or '$'))
                {
                    i++;
                }

                // Parameter names (:name, @name, $name) are not keywords.
                var isParameter = wordStart > 0 && sql[wordStart - 1] is ':' or '@' or '$';
                var word = isParameter ? null : sql[wordStart..i].ToUpperInvariant();
                hasToken = true;
                if (word is not null)
                {
                    if (firstWord is null)
                    {
                        firstWord = word;
                    }
                    else if (secondWord is null)
                    {
                        secondWord = word;
                        trigger = firstWord == "CREATE" && word == "TRIGGER";
                    }
                    else if (thirdWord is null)
                    {
                        thirdWord = word;
                        trigger |= firstWord == "CREATE" && secondWord is "TEMP" or "TEMPORARY" && word == "TRIGGER";
                    }

                    if (trigger && word == "CASE")
                    {
                        caseDepth++;
                    }
                    else if (trigger && word == "END" && caseDepth > 0)
                    {
                        caseDepth--;
                        word = "END CASE";
                    }
                }

                previousWord = word;
                continue;
            }

            if (c == ';')
            {
                // Inside a trigger body only "END;" ends the statement.
                if (!trigger || previousWord == "END")
                {
                    if (hasToken)
                    {
                        statements.Add(new LibsqlSqlStatement(sql[start..i].Trim(), anonymous, numbered));
                    }

                    start = i + 1;
                    anonymous = 0;
                    numbered = false;
                    hasToken = false;
                    firstWord = secondWord = thirdWord = null;
                    trigger = false;
                    caseDepth = 0;
                }

                previousWord = null;
                i++;
                continue;
            }

            if (!char.IsWhiteSpace(c))
            {
                hasToken = true;
                previousWord = null;
            }

            i++;
        }

        if (hasToken)
        {
            statements.Add(new LibsqlSqlStatement(sql[start..].Trim(), anonymous, numbered));
        }

        return statements;
    }

    private static bool StartsWithKeyword(ReadOnlySpan<char> text, string keyword) =>
        text.StartsWith(keyword, StringComparison.OrdinalIgnoreCase) &&
        (text.Length == keyword.Length || !char.IsLetterOrDigit(text[keyword.Length]) && text[keyword.Length] != '_');
}

namespace Libsql.Client;

/// <summary>The little SQL knowledge the client needs: is a statement safe to repeat?</summary>
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

    private static bool StartsWithKeyword(ReadOnlySpan<char> text, string keyword) =>
        text.StartsWith(keyword, StringComparison.OrdinalIgnoreCase) &&
        (text.Length == keyword.Length || !char.IsLetterOrDigit(text[keyword.Length]) && text[keyword.Length] != '_');
}

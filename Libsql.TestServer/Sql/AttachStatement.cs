using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Libsql.TestServer.Sql;

/// <summary>
/// The one statement shape sqld accepts for ATTACH: <c>ATTACH [DATABASE] &lt;namespace&gt; AS &lt;alias&gt;</c>, both
/// identifiers (bare or quoted), never a string literal or an expression. SQLite's authorizer has already said the
/// statement is an ATTACH; this only reads its two names, because the authorizer reports a string literal and an
/// identifier alike and does not report the alias at all.
/// </summary>
internal static class AttachStatement
{
    /// <summary>Reads the namespace and alias of an ATTACH statement of sqld's shape.</summary>
    /// <returns>False when the statement has any other shape (sqld refuses it as unsupported).</returns>
    public static bool TryRead(string sql, [NotNullWhen(true)] out string? @namespace, [NotNullWhen(true)] out string? alias)
    {
        @namespace = alias = null;
        var position = 0;
        if (!Keyword(sql, ref position, "ATTACH"))
        {
            return false;
        }

        var afterAttach = position;
        if (!Keyword(sql, ref position, "DATABASE"))
        {
            position = afterAttach;
        }

        if (!Identifier(sql, ref position, out var name) || !Keyword(sql, ref position, "AS") || !Identifier(sql, ref position, out var target))
        {
            return false;
        }

        SkipBlank(sql, ref position);
        if (position < sql.Length && sql[position] == ';')
        {
            position++;
            SkipBlank(sql, ref position);
        }

        if (position != sql.Length || name.Length == 0)
        {
            return false;
        }

        @namespace = name;
        alias = target;
        return true;
    }

    private static bool Keyword(string sql, ref int position, string keyword)
    {
        SkipBlank(sql, ref position);
        var end = position + keyword.Length;
        if (end > sql.Length || !sql.AsSpan(position, keyword.Length).Equals(keyword, StringComparison.OrdinalIgnoreCase)
            || (end < sql.Length && IsWordChar(sql[end])))
        {
            return false;
        }

        position = end;
        return true;
    }

    private static bool Identifier(string sql, ref int position, out string name)
    {
        name = "";
        SkipBlank(sql, ref position);
        if (position >= sql.Length)
        {
            return false;
        }

        var open = sql[position];
        var close = open switch { '"' => '"', '`' => '`', '[' => ']', _ => '\0' };
        if (close == '\0')
        {
            var start = position;
            while (position < sql.Length && IsWordChar(sql[position]))
            {
                position++;
            }

            name = sql[start..position];
            return name.Length > 0 && !char.IsAsciiDigit(name[0]);
        }

        var text = new StringBuilder();
        position++;
        while (position < sql.Length)
        {
            var c = sql[position++];
            if (c == close)
            {
                // A doubled closing quote is one quote character (not for brackets).
                if (close != ']' && position < sql.Length && sql[position] == close)
                {
                    text.Append(c);
                    position++;
                    continue;
                }

                name = text.ToString();
                return true;
            }

            text.Append(c);
        }

        return false;
    }

    private static void SkipBlank(string sql, ref int position)
    {
        while (position < sql.Length)
        {
            if (char.IsWhiteSpace(sql[position]))
            {
                position++;
            }
            else if (sql.AsSpan(position).StartsWith("--"))
            {
                var end = sql.IndexOf('\n', position);
                position = end < 0 ? sql.Length : end + 1;
            }
            else if (sql.AsSpan(position).StartsWith("/*"))
            {
                var end = sql.IndexOf("*/", position + 2, StringComparison.Ordinal);
                position = end < 0 ? sql.Length : end + 2;
            }
            else
            {
                return;
            }
        }
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '$' || c > 127;
}

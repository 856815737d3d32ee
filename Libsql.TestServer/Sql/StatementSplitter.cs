using System.Text;
using SQLitePCL;

namespace Libsql.TestServer.Sql;

/// <summary>
/// sqld's statement boundaries, found by SQLite itself: <c>sqlite3_complete</c> to cut the text (it knows about
/// strings, comments and trigger bodies) and <c>sqlite3_prepare_v2</c> to tell statements from empty text, so no
/// SQL is parsed here.
/// </summary>
internal static class StatementSplitter
{
    /// <summary>Splits SQL text into statements, each with its terminating semicolon.</summary>
    public static List<byte[]> Split(byte[] sql)
    {
        var result = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < sql.Length; i++)
        {
            if (sql[i] == (byte)';' && raw.sqlite3_complete(Encoding.UTF8.GetString(sql, start, i + 1 - start)) != 0)
            {
                result.Add(sql[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (sql.AsSpan(start).IndexOfAnyExcept(" \t\r\n"u8) >= 0)
        {
            result.Add(sql[start..]);
        }

        return result;
    }

    /// <summary>
    /// sqld's parse step for one statement: exactly one statement, free of syntax errors. Returns the UTF-8 SQL.
    /// </summary>
    public static byte[] CheckSingleStatement(sqlite3 db, string sql)
    {
        var bytes = Encoding.UTF8.GetBytes(sql);
        if (bytes.AsSpan().IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            throw StmtException.NoStatement();
        }

        var rc = raw.sqlite3_prepare_v2(db, bytes, out var stmt, out var tail);
        using (stmt)
        {
            if (rc != raw.SQLITE_OK)
            {
                var message = ErrorMessage(db);
                if (IsSyntaxError(rc, message))
                {
                    throw StmtException.ParseError(message);
                }

                // It will fail again when run, with the error sqld would report then; only the count matters here.
                if (Split(bytes).Count > 1)
                {
                    throw StmtException.ManyStatements();
                }

                return bytes;
            }

            var rest = tail.ToArray();
            if (IsEmpty(stmt))
            {
                // Only comments, whitespace or empty statements so far.
                return rest.Length > 0 && HasStatement(db, rest) ? CheckSingleStatement(db, Encoding.UTF8.GetString(rest)) : throw StmtException.NoStatement();
            }

            if (HasStatement(db, rest))
            {
                throw StmtException.ManyStatements();
            }

            return bytes;
        }
    }

    /// <summary>
    /// The statements of a whole SQL text, checked for syntax before any runs (as sqld parses the whole text
    /// first); empty statements are left out.
    /// </summary>
    public static List<byte[]> SplitChecked(sqlite3 db, string sql)
    {
        var statements = new List<byte[]>();
        foreach (var segment in Split(Encoding.UTF8.GetBytes(sql)))
        {
            var rc = raw.sqlite3_prepare_v2(db, segment, out var stmt);
            using (stmt)
            {
                if (rc != raw.SQLITE_OK)
                {
                    var message = ErrorMessage(db);
                    if (IsSyntaxError(rc, message))
                    {
                        throw StmtException.ParseError(message);
                    }
                }
                else if (IsEmpty(stmt))
                {
                    continue;
                }
            }

            statements.Add(segment);
        }

        return statements;
    }

    /// <summary>True when a prepare produced no statement (the text held only comments or whitespace).</summary>
    public static bool IsEmpty(sqlite3_stmt? stmt) => stmt is null || stmt.IsInvalid;

    private static bool IsSyntaxError(int rc, string message) =>
        (rc & 0xFF) == raw.SQLITE_ERROR
        && (message.Contains("syntax error", StringComparison.Ordinal)
            || message.Contains("incomplete input", StringComparison.Ordinal)
            || message.Contains("unrecognized token", StringComparison.Ordinal));

    private static bool HasStatement(sqlite3 db, byte[] sql)
    {
        foreach (var segment in Split(sql))
        {
            var rc = raw.sqlite3_prepare_v2(db, segment, out var stmt);
            using (stmt)
            {
                if (rc != raw.SQLITE_OK)
                {
                    var message = ErrorMessage(db);
                    return IsSyntaxError(rc, message) ? throw StmtException.ParseError(message) : true;
                }

                if (!IsEmpty(stmt))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string ErrorMessage(sqlite3 db) => raw.sqlite3_errmsg(db).utf8_to_string() ?? "unknown error";
}

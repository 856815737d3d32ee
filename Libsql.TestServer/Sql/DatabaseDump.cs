using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Libsql.TestServer.Sql;

/// <summary>
/// An SQL dump of one database, in the form of sqld's <c>GET /dump</c> (libsql-server connection/dump/exporter.rs,
/// a port of the sqlite3 shell's <c>.dump</c>): <c>sqlite3 new.db &lt; dump.sql</c> rebuilds the database.
/// </summary>
internal static class DatabaseDump
{
    /// <summary>
    /// The dump's lines, read lazily inside one read transaction (a consistent snapshot while writers carry on), so a
    /// large database is never held in memory.
    /// </summary>
    /// <param name="connection">An open connection, used for nothing else while the lines are read.</param>
    /// <param name="preserveRowIds">Also write each row's rowid (sqld's <c>?preserve_row_ids=true</c>).</param>
    public static IEnumerable<string> Lines(SqliteConnection connection, bool preserveRowIds)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var transaction = connection.BeginTransaction(deferred: true);
        yield return "PRAGMA foreign_keys=OFF;";
        yield return "BEGIN TRANSACTION;";
        var writableSchema = false;
        foreach (var (name, type, sql) in Query(connection, "SELECT name, type, sql FROM sqlite_schema WHERE type = 'table' AND sql NOT NULL ORDER BY tbl_name = 'sqlite_sequence', rowid"))
        {
            if (name == "sqlite_sequence")
            {
                yield return "DELETE FROM sqlite_sequence;";
            }
            else if (name.StartsWith("sqlite_stat", StringComparison.Ordinal))
            {
                yield return "ANALYZE sqlite_schema;";
            }
            else if (name.StartsWith("sqlite_", StringComparison.Ordinal))
            {
                continue;
            }
            else if (sql.StartsWith("CREATE VIRTUAL TABLE", StringComparison.Ordinal))
            {
                // As the shell: a virtual table's schema row is written directly, its module recreates the rest.
                if (!writableSchema)
                {
                    yield return "PRAGMA writable_schema=ON;";
                    writableSchema = true;
                }

                yield return $"INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table',{Text(name)},{Text(name)},0,{Text(sql)});";
                continue;
            }
            else
            {
                yield return (sql.StartsWith("CREATE TABLE ", StringComparison.Ordinal) ? "CREATE TABLE IF NOT EXISTS " + sql[13..] : sql) + ";";
            }

            if (type == "table")
            {
                foreach (var insert in Rows(connection, name, preserveRowIds))
                {
                    yield return insert;
                }
            }
        }

        foreach (var (_, _, sql) in Query(connection, "SELECT '', '', sql FROM sqlite_schema WHERE sql NOT NULL AND type IN ('index', 'trigger', 'view')"))
        {
            yield return sql + ";";
        }

        if (writableSchema)
        {
            yield return "PRAGMA writable_schema=OFF;";
        }

        yield return "COMMIT;";
    }

    private static IEnumerable<string> Rows(SqliteConnection connection, string table, bool preserveRowIds)
    {
        var columns = Query(connection, $"SELECT name, '', '' FROM pragma_table_info({Text(table)})").Select(c => c.Name).ToList();
        var rowId = preserveRowIds ? RowIdName(connection, table, columns) : null;
        var prefix = new StringBuilder("INSERT INTO ").Append(Identifier(table));
        if (rowId is not null)
        {
            prefix.Append('(').Append(rowId).Append(string.Concat(columns.Select(c => "," + Identifier(c)))).Append(')');
        }

        prefix.Append(" VALUES(");
        var selected = (rowId is null ? [] : new[] { rowId }).Concat(columns.Select(Identifier));
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(',', selected)} FROM {Identifier(table)}";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var line = new StringBuilder(prefix.ToString());
            for (var i = 0; i < reader.FieldCount; i++)
            {
                line.Append(i == 0 ? "" : ",").Append(Literal(reader, i));
            }

            yield return line.Append(");").ToString();
        }
    }

    // The first of the shell's rowid names that is no column and that the table has (a WITHOUT ROWID table has none).
    private static string? RowIdName(SqliteConnection connection, string table, List<string> columns)
    {
        foreach (var candidate in new[] { "rowid", "_rowid_", "oid" })
        {
            if (columns.Contains(candidate, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            try
            {
                using var probe = connection.CreateCommand();
                probe.CommandText = $"SELECT {candidate} FROM {Identifier(table)} LIMIT 0";
                probe.ExecuteNonQuery();
                return candidate;
            }
            catch (SqliteException)
            {
                return null;
            }
        }

        return null;
    }

    private static IEnumerable<(string Name, string Type, string Sql)> Query(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string, string)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        // Materialised: the schema is small, and the rows of each table are read on the same connection meanwhile.
        return rows;
    }

    private static string Literal(SqliteDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return "NULL";
        }

        return reader.GetFieldType(ordinal) switch
        {
            var t when t == typeof(long) => reader.GetInt64(ordinal).ToString(CultureInfo.InvariantCulture),
            var t when t == typeof(double) => Real(reader.GetDouble(ordinal)),
            var t when t == typeof(byte[]) => "X'" + Convert.ToHexStringLower((byte[])reader.GetValue(ordinal)) + "'",
            _ => Text(reader.GetString(ordinal)),
        };
    }

    // Always with a '.' or an exponent, so a REAL reads back as a REAL; infinities as the shell writes them.
    private static string Real(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return "1e999";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-1e999";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.AsSpan().IndexOfAny(".E") < 0 ? text + ".0" : text;
    }

    /// <summary>A string literal on one line: newlines and carriage returns go through <c>replace()</c>, as the shell does.</summary>
    private static string Text(string value)
    {
        var quoted = "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
        if (value.AsSpan().IndexOfAny('\n', '\r') < 0)
        {
            return quoted;
        }

        var newline = value.Contains('\n', StringComparison.Ordinal) ? Unused(value, "\\n", "\\012") : null;
        var carriageReturn = value.Contains('\r', StringComparison.Ordinal) ? Unused(value, "\\r", "\\015") : null;
        if (newline is not null)
        {
            quoted = quoted.Replace("\n", newline, StringComparison.Ordinal);
        }

        if (carriageReturn is not null)
        {
            quoted = quoted.Replace("\r", carriageReturn, StringComparison.Ordinal);
        }

        if (carriageReturn is not null)
        {
            quoted = $"replace({quoted},'{carriageReturn}',char(13))";
        }

        if (newline is not null)
        {
            quoted = $"replace({quoted},'{newline}',char(10))";
        }

        return quoted;
    }

    private static string Unused(string haystack, string first, string second)
    {
        if (!haystack.Contains(first, StringComparison.Ordinal))
        {
            return first;
        }

        if (!haystack.Contains(second, StringComparison.Ordinal))
        {
            return second;
        }

        for (var i = 0; ; i++)
        {
            var token = string.Create(CultureInfo.InvariantCulture, $"({first}{i})");
            if (!haystack.Contains(token, StringComparison.Ordinal))
            {
                return token;
            }
        }
    }

    private static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

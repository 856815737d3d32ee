using System.Globalization;
using Libsql.Client.Hrana;
using SQLitePCL;

namespace Libsql.TestServer.Sql;

/// <summary>
/// sqld's <c>Params::bind</c> (libsql-server query.rs): by name (with or without its prefix), <c>?NNN</c> by
/// position, bare <c>?</c> by index; a missing value is an error unless the statement is an EXPLAIN.
/// </summary>
internal static class ParameterBinder
{
    /// <summary>Binds a Hrana statement's arguments to a prepared statement.</summary>
    public static void Bind(sqlite3_stmt stmt, HranaStatement source)
    {
        var named = source.NamedArgs.Count > 0;
        if (named && source.Args.Count > 0)
        {
            throw StmtException.ArgsBoth();
        }

        Dictionary<string, HranaValue>? byName = null;
        if (named)
        {
            byName = new Dictionary<string, HranaValue>(StringComparer.Ordinal);
            foreach (var arg in source.NamedArgs)
            {
                byName[arg.Name] = arg.Value;
            }
        }

        var given = named ? byName!.Count : source.Args.Count;
        var count = raw.sqlite3_bind_parameter_count(stmt);
        if (count < given)
        {
            throw StmtException.ArgsInvalid(string.Create(CultureInfo.InvariantCulture, $"too many parameters, expected {count} found {given}"));
        }

        for (var index = 1; index <= count; index++)
        {
            var name = raw.sqlite3_bind_parameter_name(stmt, index).utf8_to_string();
            HranaValue? value;
            if (name is null)
            {
                value = Positional(index);
            }
            else if (name[0] == '?')
            {
                if (!int.TryParse(name.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var position) || position < 1)
                {
                    throw StmtException.ArgsInvalid("invalid parameter {name}: expected a numerical position after `?`");
                }

                value = Positional(position);
            }
            else
            {
                value = byName is not null && (byName.TryGetValue(name, out var v) || byName.TryGetValue(name[1..], out v)) ? v : null;
            }

            if (value is not { } bound)
            {
                if (raw.sqlite3_stmt_isexplain(stmt) != 0)
                {
                    return;
                }

                throw StmtException.ArgsInvalid($"value for parameter {name ?? index.ToString(CultureInfo.InvariantCulture)} not found");
            }

            var rc = bound.Type switch
            {
                HranaValueType.Integer => raw.sqlite3_bind_int64(stmt, index, bound.Integer),
                HranaValueType.Float => raw.sqlite3_bind_double(stmt, index, bound.Float),
                HranaValueType.Text => raw.sqlite3_bind_text(stmt, index, bound.Text),
                HranaValueType.Blob when bound.Blob.Length == 0 => raw.sqlite3_bind_zeroblob(stmt, index, 0),
                HranaValueType.Blob => raw.sqlite3_bind_blob(stmt, index, bound.Blob),
                _ => raw.sqlite3_bind_null(stmt, index),
            };
            if (rc != raw.SQLITE_OK)
            {
                throw new StmtException(SqliteErrorCodes.Name(rc), "SQLite error: " + raw.sqlite3_errstr(rc).utf8_to_string());
            }
        }

        HranaValue? Positional(int position) =>
            !named && position <= source.Args.Count ? source.Args[position - 1] : null;
    }
}

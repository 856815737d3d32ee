using SQLitePCL;

namespace Libsql.TestServer.Sql;

/// <summary>
/// Learns what a statement is from SQLite's own parser: installed as the connection's authorizer, it sees the
/// actions (and their arguments) SQLite checks while it prepares a statement, and sorts the statement into
/// sqld's kinds (libsql-server query_analysis.rs). As the authorizer it is also the last line of defence: no
/// statement attaches a file other than the one the session itself chose, and none names a directory for SQLite
/// to write into.
/// </summary>
internal sealed class StatementClassifier
{
    private static readonly HashSet<string> ReservedTables = new(StringComparer.OrdinalIgnoreCase)
    {
        "_litestream_seq", "_litestream_lock", "libsql_wasm_func_table",
    };

    private bool _recording;
    private bool _prepared;
    private bool _read;
    private bool _write;
    private bool _ddl;
    private bool _unsupported;
    private StatementKind? _own;
    private StatementKind? _pragma;

    /// <summary>The statement inserts into a table of its own (not through a trigger, not schema upkeep).</summary>
    public bool IsInsert { get; private set; }

    /// <summary>The statement is an INSERT, UPDATE or DELETE of its own.</summary>
    public bool IsInsertUpdateDelete { get; private set; }

    /// <summary>The one file an ATTACH may open, set by the session only around the ATTACH it wrote itself.</summary>
    public string? PermittedAttachFile { get; set; }

    /// <summary>Installs the classifier as the connection's authorizer.</summary>
    public void Install(sqlite3 db) => raw.sqlite3_set_authorizer(db, Authorize, null);

    /// <summary>Starts recording the actions of the next prepare.</summary>
    public void Begin()
    {
        _recording = true;
        _prepared = _read = _write = _ddl = _unsupported = false;
        _own = _pragma = null;
        IsInsert = IsInsertUpdateDelete = false;
    }

    /// <summary>
    /// Stops recording and returns the kind of the statement just prepared, or null when the prepare failed
    /// before SQLite said what the statement is (e.g. its table does not exist yet).
    /// </summary>
    /// <param name="stmt">The prepared statement, or null when the prepare failed.</param>
    public StatementKind? End(sqlite3_stmt? stmt)
    {
        _recording = false;
        var explain = stmt is null || stmt.IsInvalid ? 0 : raw.sqlite3_stmt_isexplain(stmt);

        // sqld: EXPLAIN QUERY PLAN anything is a read; EXPLAIN PRAGMA is the pragma's kind; other EXPLAINs read.
        if (explain == 2)
        {
            return StatementKind.Read;
        }

        if (_pragma is { } pragma)
        {
            return pragma;
        }

        if (explain == 1)
        {
            return StatementKind.Read;
        }

        if (_unsupported)
        {
            return StatementKind.Unsupported;
        }

        if (_own is { } own)
        {
            return own;
        }

        if (_ddl)
        {
            return StatementKind.Ddl;
        }

        if (_write)
        {
            return StatementKind.Write;
        }

        if (_read)
        {
            return StatementKind.Read;
        }

        if (stmt is null || stmt.IsInvalid)
        {
            return _prepared ? StatementKind.Unsupported : null;
        }

        // No action checked at all: VACUUM, or a REINDEX or DROP ... IF EXISTS that found nothing to do (which
        // sqld counts as a write or DDL, both needing write permission). SQLite's own bytecode tells them apart.
        return CompilesToVacuum(stmt) ? StatementKind.Unsupported : StatementKind.Write;
    }

    private static bool CompilesToVacuum(sqlite3_stmt stmt)
    {
        var sql = raw.sqlite3_sql(stmt).utf8_to_string();
        var rc = raw.sqlite3_prepare_v2(raw.sqlite3_db_handle(stmt), "EXPLAIN " + sql, out var explain);
        using (explain)
        {
            if (rc != raw.SQLITE_OK)
            {
                return true;
            }

            while (raw.sqlite3_step(explain) == raw.SQLITE_ROW)
            {
                if (raw.sqlite3_column_text(explain, 1).utf8_to_string() == "Vacuum")
                {
                    return true;
                }
            }

            return false;
        }
    }

    private int Authorize(object userData, int actionCode, string param0, string param1, string dbName, string innerMostTriggerOrView)
    {
        if (_recording && innerMostTriggerOrView is null)
        {
            Record(actionCode, param0, param1, dbName);
        }

        return actionCode switch
        {
            raw.SQLITE_ATTACH when param0 is null || param0 != PermittedAttachFile => raw.SQLITE_DENY,
            raw.SQLITE_PRAGMA when param0 is not null && (param0.Equals("temp_store_directory", StringComparison.OrdinalIgnoreCase)
                || param0.Equals("data_store_directory", StringComparison.OrdinalIgnoreCase)) => raw.SQLITE_DENY,
            _ => raw.SQLITE_OK,
        };
    }

    private void Record(int actionCode, string? param0, string? param1, string? dbName)
    {
        _prepared = true;
        switch (actionCode)
        {
            case raw.SQLITE_SELECT or raw.SQLITE_READ or raw.SQLITE_FUNCTION or raw.SQLITE_RECURSIVE:
                _read = true;
                break;
            case raw.SQLITE_INSERT or raw.SQLITE_UPDATE or raw.SQLITE_DELETE:
                if (param0 is not null && ReservedTables.Contains(param0))
                {
                    _unsupported = true;
                }

                _write = true;

                // Schema-table upkeep of a DDL statement is not the statement's own change.
                if (param0 is not null && !param0.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase))
                {
                    IsInsertUpdateDelete = true;
                    IsInsert |= actionCode == raw.SQLITE_INSERT;
                }

                break;
            case raw.SQLITE_REINDEX:
                _write = true;
                break;
            case raw.SQLITE_DROP_TABLE or raw.SQLITE_DROP_TEMP_TABLE when param0 is not null && ReservedTables.Contains(param0):
            case raw.SQLITE_ALTER_TABLE when param1 is not null && ReservedTables.Contains(param1):

            // Temporary tables belong to one connection, which sqld does not give a client; so does `temp.name`.
            case raw.SQLITE_CREATE_TABLE when "temp".Equals(dbName, StringComparison.OrdinalIgnoreCase):
                _unsupported = true;
                break;
            case raw.SQLITE_CREATE_TABLE or raw.SQLITE_CREATE_VIEW or raw.SQLITE_CREATE_TRIGGER or raw.SQLITE_CREATE_INDEX
                or raw.SQLITE_CREATE_TEMP_INDEX or raw.SQLITE_CREATE_VTABLE or raw.SQLITE_ALTER_TABLE
                or raw.SQLITE_DROP_TABLE or raw.SQLITE_DROP_TEMP_TABLE or raw.SQLITE_DROP_VIEW or raw.SQLITE_DROP_TEMP_VIEW
                or raw.SQLITE_DROP_TRIGGER or raw.SQLITE_DROP_TEMP_TRIGGER or raw.SQLITE_DROP_INDEX or raw.SQLITE_DROP_TEMP_INDEX
                or raw.SQLITE_DROP_VTABLE:
                _ddl = true;
                break;

            case raw.SQLITE_CREATE_TEMP_TABLE or raw.SQLITE_CREATE_TEMP_VIEW or raw.SQLITE_CREATE_TEMP_TRIGGER or raw.SQLITE_ANALYZE:
                _unsupported = true;
                break;
            case raw.SQLITE_TRANSACTION:
                _own = param0 == "BEGIN" ? StatementKind.TransactionBegin : StatementKind.TransactionEnd;
                break;
            case raw.SQLITE_SAVEPOINT:
                _own = param0 == "BEGIN" ? StatementKind.Savepoint : StatementKind.Release;
                break;
            case raw.SQLITE_ATTACH:
                _own = StatementKind.Attach;
                break;
            case raw.SQLITE_DETACH:
                _own = StatementKind.Detach;
                break;
            case raw.SQLITE_PRAGMA when param0 is not null:
                _pragma ??= SqldPragmas.Classify(param0, param1 is not null);
                break;
            default:
                _unsupported = true;
                break;
        }
    }
}

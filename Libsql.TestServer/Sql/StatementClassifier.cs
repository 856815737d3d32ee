using SQLitePCL;

namespace Libsql.TestServer.Sql;

/// <summary>
/// Learns what a statement does from SQLite's own parser: installed as the connection's authorizer, it sees the
/// actions (and their arguments) SQLite checks while it prepares a statement.
/// </summary>
internal sealed class StatementClassifier
{
    /// <summary>The statement inserts into a table of its own (not through a trigger, not schema upkeep).</summary>
    public bool IsInsert { get; private set; }

    /// <summary>The statement is an INSERT, UPDATE or DELETE of its own.</summary>
    public bool IsInsertUpdateDelete { get; private set; }

    /// <summary>The statement is transaction control.</summary>
    public bool IsTransaction { get; private set; }

    /// <summary>Installs the classifier as the connection's authorizer.</summary>
    public void Install(sqlite3 db) => raw.sqlite3_set_authorizer(db, Authorize, null);

    /// <summary>Forgets what the previous prepare reported; call before each prepare.</summary>
    public void Reset() => IsInsert = IsInsertUpdateDelete = IsTransaction = false;

    private int Authorize(object userData, int actionCode, string param0, string param1, string dbName, string innerMostTriggerOrView)
    {
        if (actionCode == raw.SQLITE_TRANSACTION)
        {
            IsTransaction = true;
        }

        // Only the statement's own top-level action counts, not what its triggers do or schema-table upkeep.
        if (innerMostTriggerOrView is null && param0 is not null && !param0.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase))
        {
            switch (actionCode)
            {
                case raw.SQLITE_INSERT:
                    IsInsert = true;
                    IsInsertUpdateDelete = true;
                    break;
                case raw.SQLITE_UPDATE:
                case raw.SQLITE_DELETE:
                    IsInsertUpdateDelete = true;
                    break;
            }
        }

        return raw.SQLITE_OK;
    }
}

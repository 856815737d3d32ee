namespace Libsql.Client;

/// <summary>The complete result of one statement.</summary>
public sealed class LibsqlResultSet
{
    internal LibsqlResultSet(LibsqlColumnSet columns, IReadOnlyList<LibsqlRow> rows, long rowsAffected, long? lastInsertRowid)
    {
        ColumnSet = columns;
        Rows = rows;
        RowsAffected = rowsAffected;
        LastInsertRowid = lastInsertRowid;
    }

    /// <summary>The result columns (name and declared type).</summary>
    public IReadOnlyList<LibsqlColumn> Columns => ColumnSet.Columns;

    /// <summary>The rows.</summary>
    public IReadOnlyList<LibsqlRow> Rows { get; }

    /// <summary>Rows changed by an INSERT, UPDATE or DELETE (0 for queries).</summary>
    public long RowsAffected { get; }

    /// <summary>The rowid of the last inserted row on this connection, if the server reported one.</summary>
    public long? LastInsertRowid { get; }

    internal LibsqlColumnSet ColumnSet { get; }
}

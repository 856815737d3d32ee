namespace Libsql.TestServer.Sql;

/// <summary>sqld's <c>StmtKind</c> (libsql-server query_analysis.rs), plus the statements it refuses.</summary>
internal enum StatementKind
{
    /// <summary>SELECT, EXPLAIN, read-only pragmas.</summary>
    Read,

    /// <summary>INSERT, UPDATE, DELETE, REINDEX and the pragmas sqld counts as writes.</summary>
    Write,

    /// <summary>CREATE/DROP/ALTER of tables, indexes, triggers and views.</summary>
    Ddl,

    /// <summary>Any BEGIN.</summary>
    TransactionBegin,

    /// <summary>COMMIT, END, ROLLBACK (not to a savepoint).</summary>
    TransactionEnd,

    /// <summary>SAVEPOINT.</summary>
    Savepoint,

    /// <summary>RELEASE, ROLLBACK TO.</summary>
    Release,

    /// <summary>ATTACH of a namespace by name.</summary>
    Attach,

    /// <summary>DETACH.</summary>
    Detach,

    /// <summary>What sqld refuses with "unsupported statement".</summary>
    Unsupported,
}

namespace Libsql.TestServer.Sql;

/// <summary>sqld's names for SQLite's primary result codes (libsql-server hrana/stmt.rs); extended codes are never sent.</summary>
internal static class SqliteErrorCodes
{
    public const int Error = 1;

    // SQLITE_ERROR (1) has no name in rusqlite's ErrorCode: sqld reports it as SQLITE_UNKNOWN.
    public static string Name(int resultCode) => (resultCode & 0xFF) switch
    {
        2 => "SQLITE_INTERNAL",
        3 => "SQLITE_PERM",
        4 => "SQLITE_ABORT",
        5 => "SQLITE_BUSY",
        6 => "SQLITE_LOCKED",
        7 => "SQLITE_NOMEM",
        8 => "SQLITE_READONLY",
        9 => "SQLITE_INTERRUPT",
        10 => "SQLITE_IOERR",
        11 => "SQLITE_CORRUPT",
        12 => "SQLITE_NOTFOUND",
        13 => "SQLITE_FULL",
        14 => "SQLITE_CANTOPEN",
        15 => "SQLITE_PROTOCOL",
        17 => "SQLITE_SCHEMA",
        18 => "SQLITE_TOOBIG",
        19 => "SQLITE_CONSTRAINT",
        20 => "SQLITE_MISMATCH",
        21 => "SQLITE_MISUSE",
        22 => "SQLITE_NOLFS",
        23 => "SQLITE_AUTH",
        25 => "SQLITE_RANGE",
        26 => "SQLITE_NOTADB",
        _ => "SQLITE_UNKNOWN",
    };
}

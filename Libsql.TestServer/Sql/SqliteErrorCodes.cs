using SQLitePCL;

namespace Libsql.TestServer.Sql;

/// <summary>sqld's names for SQLite's primary result codes (libsql-server hrana/stmt.rs); extended codes are never sent.</summary>
internal static class SqliteErrorCodes
{
    // SQLITE_ERROR has no name in rusqlite's ErrorCode: sqld reports it as SQLITE_UNKNOWN.
    public static string Name(int resultCode) => (resultCode & 0xFF) switch
    {
        raw.SQLITE_INTERNAL => "SQLITE_INTERNAL",
        raw.SQLITE_PERM => "SQLITE_PERM",
        raw.SQLITE_ABORT => "SQLITE_ABORT",
        raw.SQLITE_BUSY => "SQLITE_BUSY",
        raw.SQLITE_LOCKED => "SQLITE_LOCKED",
        raw.SQLITE_NOMEM => "SQLITE_NOMEM",
        raw.SQLITE_READONLY => "SQLITE_READONLY",
        raw.SQLITE_INTERRUPT => "SQLITE_INTERRUPT",
        raw.SQLITE_IOERR => "SQLITE_IOERR",
        raw.SQLITE_CORRUPT => "SQLITE_CORRUPT",
        raw.SQLITE_NOTFOUND => "SQLITE_NOTFOUND",
        raw.SQLITE_FULL => "SQLITE_FULL",
        raw.SQLITE_CANTOPEN => "SQLITE_CANTOPEN",
        raw.SQLITE_PROTOCOL => "SQLITE_PROTOCOL",
        raw.SQLITE_SCHEMA => "SQLITE_SCHEMA",
        raw.SQLITE_TOOBIG => "SQLITE_TOOBIG",
        raw.SQLITE_CONSTRAINT => "SQLITE_CONSTRAINT",
        raw.SQLITE_MISMATCH => "SQLITE_MISMATCH",
        raw.SQLITE_MISUSE => "SQLITE_MISUSE",
        raw.SQLITE_NOLFS => "SQLITE_NOLFS",
        raw.SQLITE_AUTH => "SQLITE_AUTH",
        raw.SQLITE_RANGE => "SQLITE_RANGE",
        raw.SQLITE_NOTADB => "SQLITE_NOTADB",
        _ => "SQLITE_UNKNOWN",
    };
}

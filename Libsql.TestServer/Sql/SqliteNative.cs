using System.Runtime.InteropServices;
using SQLitePCL;

namespace Libsql.TestServer.Sql;

/// <summary>The SQLite calls SQLitePCLRaw does not wrap, bound to the same bundled e_sqlite3 library.</summary>
internal static class SqliteNative
{
    private const int TxnWrite = 2; // SQLITE_TXN_WRITE

    [DllImport("e_sqlite3", EntryPoint = "sqlite3_error_offset")]
    private static extern int ErrorOffset(IntPtr db);

    [DllImport("e_sqlite3", EntryPoint = "sqlite3_txn_state")]
    private static extern int TxnState(IntPtr db, IntPtr schema);

    /// <summary>
    /// The byte offset of the token an error refers to, or -1. sqld (through rusqlite) reports a prepare
    /// failure with such an offset as <c>SQL_INPUT_ERROR</c>.
    /// </summary>
    public static int GetErrorOffset(sqlite3 db)
    {
        try
        {
            return ErrorOffset(db.DangerousGetHandle());
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return -1;
        }
    }

    /// <summary>Whether the connection holds the database's write lock (an open write transaction).</summary>
    public static bool InWriteTransaction(sqlite3 db) => TxnState(db.DangerousGetHandle(), IntPtr.Zero) == TxnWrite;
}

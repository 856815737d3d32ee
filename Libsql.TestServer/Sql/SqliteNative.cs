using System.Runtime.InteropServices;
using SQLitePCL;

namespace Libsql.TestServer.Sql;

/// <summary>The one SQLite call SQLitePCLRaw does not wrap, bound to the same bundled e_sqlite3 library.</summary>
internal static class SqliteNative
{
    [DllImport("e_sqlite3", EntryPoint = "sqlite3_error_offset")]
    private static extern int ErrorOffset(IntPtr db);

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
}

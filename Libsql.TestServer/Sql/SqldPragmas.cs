namespace Libsql.TestServer.Sql;

/// <summary>sqld's three pragma lists (libsql-server query_analysis.rs, <c>pragma_kind</c>); every other pragma is refused.</summary>
internal static class SqldPragmas
{
    private static readonly HashSet<string> Reads = new(StringComparer.OrdinalIgnoreCase)
    {
        "table_list", "index_list", "table_info", "table_xinfo", "index_info", "index_xinfo", "pragma_list",
        "compile_options", "database_list", "function_list", "module_list", "encoding",
    };

    private static readonly HashSet<string> Writes = new(StringComparer.OrdinalIgnoreCase)
    {
        "defer_foreign_keys", "foreign_keys", "foreign_key_list", "foreign_key_check", "collation_list", "data_version",
        "freelist_count", "integrity_check", "legacy_file_format", "page_count", "quick_check", "stats", "user_version",
    };

    private static readonly HashSet<string> WritesWithoutValue = new(StringComparer.OrdinalIgnoreCase)
    {
        "analysis_limit", "application_id", "auto_vacuum", "automatic_index", "busy_timeout", "cache_size", "cache_spill",
        "cell_size_check", "checkpoint_fullfsync", "fullfsync", "hard_heap_limit", "journal_mode", "journal_size_limit",
        "legacy_alter_table", "locking_mode", "max_page_count", "mmap_size", "page_size", "query_only", "read_uncommitted",
        "recursive_triggers", "reverse_unordered_selects", "secure_delete", "soft_heap_limit", "synchronous", "temp_store",
        "threads", "trusted_schema", "wal_autocheckpoint",
    };

    /// <summary>The kind of <c>PRAGMA name</c>, with or without a value (<c>= v</c> or <c>(v)</c>).</summary>
    public static StatementKind Classify(string name, bool hasValue)
    {
        if (Reads.Contains(name) || (!hasValue && name.Equals("schema_version", StringComparison.OrdinalIgnoreCase)))
        {
            return StatementKind.Read;
        }

        return Writes.Contains(name) || (!hasValue && WritesWithoutValue.Contains(name)) ? StatementKind.Write : StatementKind.Unsupported;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Libsql.Client.Hrana;
using Libsql.TestServer.Hosting;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Libsql.TestServer.Sql;

/// <summary>
/// One SQLite connection, used by one Hrana stream (so one request at a time), running statements the way
/// sqld does. Whether a statement writes comes from SQLite itself (<c>sqlite3_stmt_readonly</c>), and whether it
/// is an INSERT/UPDATE/DELETE (for <c>affected_row_count</c> and <c>last_insert_rowid</c>) from the authorizer.
/// </summary>
internal sealed class SqliteSession : IDisposable
{
    private const int BusyTimeoutMilliseconds = 20_000;
    private const int SqliteOk = 0;
    private const int SqliteRow = 100;
    private const int SqliteDone = 101;
    private const int ActionDelete = 9;
    private const int ActionInsert = 18;
    private const int ActionTransaction = 22;
    private const int ActionUpdate = 23;

    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;
    private readonly string _namespace;
    private bool _sawInsert;
    private bool _sawChange;
    private bool _sawTransaction;

    private SqliteSession(SqliteConnection connection, string @namespace)
    {
        _connection = connection;
        _db = connection.Handle!;
        _namespace = @namespace;
        // sqld queues writers rather than failing them; waiting past an abandoned stream's expiry comes closest.
        raw.sqlite3_busy_timeout(_db, BusyTimeoutMilliseconds);
        raw.sqlite3_set_authorizer(_db, Authorize, null);
    }

    /// <summary>True outside an explicit transaction.</summary>
    public bool IsAutocommit => raw.sqlite3_get_autocommit(_db) != 0;

    /// <summary>Opens a connection to an existing database file.</summary>
    public static SqliteSession Open(string dataFile, string @namespace)
    {
        var connection = new SqliteConnection(ConnectionString(dataFile, SqliteOpenMode.ReadWrite));
        try
        {
            connection.Open();
            using (var command = connection.CreateCommand())
            {
                // WAL without fsync on every commit: a crash of the test machine may lose the last commits, never corrupt the file.
                command.CommandText = "PRAGMA synchronous=NORMAL";
                command.ExecuteNonQuery();
            }

            return new SqliteSession(connection, @namespace);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates the database file if needed and switches it to WAL (persistent in the file). Returns the open
    /// connection, for the caller to keep or dispose.
    /// </summary>
    public static IDisposable Initialize(string dataFile)
    {
        var connection = new SqliteConnection(ConnectionString(dataFile, SqliteOpenMode.ReadWriteCreate));
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL";
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// sqld's parse step for one statement: exactly one statement, free of syntax errors. Returns the UTF-8 SQL.
    /// </summary>
    public byte[] CheckSingleStatement(string sql)
    {
        var bytes = Encoding.UTF8.GetBytes(sql);
        if (bytes.AsSpan().IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            throw StmtException.NoStatement();
        }

        var rc = raw.sqlite3_prepare_v2(_db, bytes, out var stmt, out var tail);
        using (stmt)
        {
            if (rc != SqliteOk)
            {
                var message = ErrorMessage();
                if (IsSyntaxError(rc, message))
                {
                    throw StmtException.ParseError(message);
                }

                // It will fail again when run, with the error sqld would report then; only the count matters here.
                if (Split(bytes).Count > 1)
                {
                    throw StmtException.ManyStatements();
                }

                return bytes;
            }

            var rest = tail.ToArray();
            if (IsEmpty(stmt))
            {
                // Only comments, whitespace or empty statements so far.
                return rest.Length > 0 && HasStatement(rest) ? CheckSingleStatement(Encoding.UTF8.GetString(rest)) : throw StmtException.NoStatement();
            }

            if (HasStatement(rest))
            {
                throw StmtException.ManyStatements();
            }

            return bytes;
        }
    }

    /// <summary>Runs one checked statement.</summary>
    public StmtResult Execute(byte[] sql, HranaStatement stmt, bool canWrite)
    {
        var started = Stopwatch.GetTimestamp();
        _sawInsert = _sawChange = _sawTransaction = false;
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var prepared);
        using (prepared)
        {
            if (rc != SqliteOk)
            {
                throw PrepareError(rc);
            }

            if (IsEmpty(prepared))
            {
                throw StmtException.NoStatement();
            }

            if (!canWrite && Writes(prepared))
            {
                throw SqldHttpException.WriteForbidden(_namespace);
            }

            var count = raw.sqlite3_column_count(prepared);
            var cols = new HranaColumn[count];
            for (var i = 0; i < count; i++)
            {
                cols[i] = new HranaColumn
                {
                    Name = raw.sqlite3_column_name(prepared, i).utf8_to_string(),
                    Decltype = raw.sqlite3_column_decltype(prepared, i).utf8_to_string(),
                };
            }

            Bind(prepared, stmt);
            var wantRows = stmt.WantRows ?? true;
            var rows = new List<HranaValue[]>();
            while (true)
            {
                rc = raw.sqlite3_step(prepared);
                if (rc == SqliteDone)
                {
                    break;
                }

                if (rc != SqliteRow)
                {
                    throw new StmtException(SqliteErrorCodes.Name(rc), "SQLite error: " + ErrorMessage());
                }

                if (wantRows)
                {
                    rows.Add(ReadRow(prepared, count));
                }
            }

            // As sqld: changes() only for INSERT/UPDATE/DELETE (it is stale otherwise), the rowid only for INSERT.
            var affected = _sawChange ? raw.sqlite3_changes(_db) : 0;
            return new StmtResult
            {
                Cols = cols,
                Rows = rows,
                AffectedRowCount = affected,
                LastInsertRowid = _sawInsert ? raw.sqlite3_last_insert_rowid(_db) : null,
                RowsWritten = affected,
                QueryDurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            };
        }
    }

    /// <summary>
    /// Runs a batch. Like sqld, every step's permission is checked before anything runs (a write with a
    /// read-only token fails the whole request), then steps run in order under their conditions.
    /// </summary>
    public IReadOnlyList<StepOutcome> ExecuteBatch(IReadOnlyList<BatchStepPlan> steps, bool canWrite)
    {
        if (!canWrite)
        {
            foreach (var step in steps)
            {
                RequireReadOnly(step.Sql);
            }
        }

        var outcomes = new StepOutcome[steps.Count];
        var succeeded = new bool[steps.Count];
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (step.Condition is not null && !Evaluate(step.Condition, succeeded))
            {
                outcomes[i] = new StepOutcome(null, null);
                continue;
            }

            try
            {
                outcomes[i] = new StepOutcome(Execute(step.Sql, step.Stmt, canWrite), null);
                succeeded[i] = true;
            }
            catch (StmtException e)
            {
                outcomes[i] = new StepOutcome(null, e.ToHranaError());
            }
        }

        return outcomes;
    }

    /// <summary>Runs several statements (no arguments, no rows), stopping at the first error, which is thrown.</summary>
    public void ExecuteSequence(string sql, bool canWrite)
    {
        // sqld parses the whole text before running any of it.
        var statements = new List<byte[]>();
        foreach (var segment in Split(Encoding.UTF8.GetBytes(sql)))
        {
            var rc = raw.sqlite3_prepare_v2(_db, segment, out var stmt);
            using (stmt)
            {
                if (rc != SqliteOk)
                {
                    var message = ErrorMessage();
                    if (IsSyntaxError(rc, message))
                    {
                        throw StmtException.ParseError(message);
                    }
                }
                else if (IsEmpty(stmt))
                {
                    continue;
                }
            }

            statements.Add(segment);
        }

        if (!canWrite)
        {
            foreach (var statement in statements)
            {
                RequireReadOnly(statement);
            }
        }

        var noRows = new HranaStatement { WantRows = false };
        foreach (var statement in statements)
        {
            Execute(statement, noRows, canWrite);
        }
    }

    /// <summary>Describes a statement without running it.</summary>
    public DescribeResult Describe(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(_db, Encoding.UTF8.GetBytes(sql), out var stmt);
        using (stmt)
        {
            if (rc != SqliteOk)
            {
                throw PrepareError(rc);
            }

            if (IsEmpty(stmt))
            {
                throw StmtException.NoStatement();
            }

            var parameters = new DescribeParam[raw.sqlite3_bind_parameter_count(stmt)];
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i] = new DescribeParam { Name = raw.sqlite3_bind_parameter_name(stmt, i + 1).utf8_to_string() };
            }

            var cols = new DescribeColumn[raw.sqlite3_column_count(stmt)];
            for (var i = 0; i < cols.Length; i++)
            {
                cols[i] = new DescribeColumn
                {
                    Name = raw.sqlite3_column_name(stmt, i).utf8_to_string() ?? "",
                    Decltype = raw.sqlite3_column_decltype(stmt, i).utf8_to_string(),
                };
            }

            return new DescribeResult
            {
                Params = parameters,
                Cols = cols,
                IsExplain = raw.sqlite3_stmt_isexplain(stmt) != 0,
                IsReadonly = raw.sqlite3_stmt_readonly(stmt) != 0,
            };
        }
    }

    /// <summary>Rolls back an open transaction (an abandoned stream's) and closes the handle.</summary>
    public void Dispose()
    {
        try
        {
            if (!IsAutocommit)
            {
                raw.sqlite3_exec(_db, "ROLLBACK");
            }
        }
        finally
        {
            _connection.Dispose();
        }
    }

    /// <summary>
    /// Splits SQL text into statements the way SQLite's own <c>sqlite3_complete</c> sees them (it knows about
    /// strings, comments and trigger bodies), so no SQL is parsed here.
    /// </summary>
    internal static List<byte[]> Split(byte[] sql)
    {
        var result = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < sql.Length; i++)
        {
            if (sql[i] == (byte)';' && raw.sqlite3_complete(Encoding.UTF8.GetString(sql, start, i + 1 - start)) != 0)
            {
                result.Add(sql[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (sql.AsSpan(start).IndexOfAnyExcept(" \t\r\n"u8) >= 0)
        {
            result.Add(sql[start..]);
        }

        return result;
    }

    private static string ConnectionString(string dataFile, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = dataFile,
        Mode = mode,
        Cache = SqliteCacheMode.Private,
        Pooling = false,
    }.ToString();

    private static bool IsEmpty(sqlite3_stmt? stmt) => stmt is null || stmt.IsInvalid;

    private static bool IsSyntaxError(int rc, string message) =>
        (rc & 0xFF) == SqliteErrorCodes.Error
        && (message.Contains("syntax error", StringComparison.Ordinal)
            || message.Contains("incomplete input", StringComparison.Ordinal)
            || message.Contains("unrecognized token", StringComparison.Ordinal));

    private static HranaValue[] ReadRow(sqlite3_stmt stmt, int count)
    {
        var row = new HranaValue[count];
        for (var i = 0; i < count; i++)
        {
            row[i] = raw.sqlite3_column_type(stmt, i) switch
            {
                raw.SQLITE_INTEGER => HranaValue.FromInteger(raw.sqlite3_column_int64(stmt, i)),
                raw.SQLITE_FLOAT => HranaValue.FromFloat(raw.sqlite3_column_double(stmt, i)),
                raw.SQLITE_TEXT => HranaValue.FromText(raw.sqlite3_column_text(stmt, i).utf8_to_string() ?? ""),
                raw.SQLITE_BLOB => HranaValue.FromBlob(raw.sqlite3_column_blob(stmt, i).ToArray()),
                _ => HranaValue.Null,
            };
        }

        return row;
    }

    // sqld's Params::bind (libsql-server query.rs): by name (with or without its prefix), `?NNN` by position,
    // bare `?` by index; a missing value is an error unless the statement is an EXPLAIN.
    private static void Bind(sqlite3_stmt stmt, HranaStatement source)
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
            if (rc != SqliteOk)
            {
                throw new StmtException(SqliteErrorCodes.Name(rc), "SQLite error: " + raw.sqlite3_errstr(rc).utf8_to_string());
            }
        }

        HranaValue? Positional(int position) =>
            !named && position <= source.Args.Count ? source.Args[position - 1] : null;
    }

    private bool Evaluate(BatchCondition condition, bool[] succeeded) => condition switch
    {
        OkBatchCondition ok => succeeded[ok.Step],

        // sqld evaluates `error` as "not ok", so a skipped step counts as failed.
        ErrorBatchCondition error => !succeeded[error.Step],
        NotBatchCondition not => !Evaluate(not.Cond, succeeded),
        AndBatchCondition and => and.Conds.All(c => Evaluate(c, succeeded)),
        OrBatchCondition or => or.Conds.Any(c => Evaluate(c, succeeded)),
        IsAutocommitBatchCondition => IsAutocommit,
        _ => throw new InvalidOperationException("Unknown batch condition."),
    };

    // A statement that cannot be prepared yet (its table is created by an earlier step) is checked again when it runs.
    private void RequireReadOnly(byte[] sql)
    {
        _sawTransaction = false;
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var stmt);
        using (stmt)
        {
            if (rc == SqliteOk && !IsEmpty(stmt) && Writes(stmt))
            {
                throw SqldHttpException.WriteForbidden(_namespace);
            }
        }
    }

    // SQLite's own answer, except that sqld counts every transaction-control statement as a read (BEGIN
    // IMMEDIATE takes the write lock, so SQLite calls it a write).
    private bool Writes(sqlite3_stmt stmt) => raw.sqlite3_stmt_readonly(stmt) == 0 && !_sawTransaction;

    private bool HasStatement(byte[] sql)
    {
        foreach (var segment in Split(sql))
        {
            var rc = raw.sqlite3_prepare_v2(_db, segment, out var stmt);
            using (stmt)
            {
                if (rc != SqliteOk)
                {
                    var message = ErrorMessage();
                    return IsSyntaxError(rc, message) ? throw StmtException.ParseError(message) : true;
                }

                if (!IsEmpty(stmt))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private StmtException PrepareError(int rc)
    {
        var message = ErrorMessage();
        if ((rc & 0xFF) == SqliteErrorCodes.Error)
        {
            var offset = SqliteNative.GetErrorOffset(_db);
            if (offset >= 0)
            {
                return new StmtException("SQL_INPUT_ERROR", string.Create(CultureInfo.InvariantCulture, $"SQL input error: {message} (at offset {offset})"));
            }
        }

        return new StmtException(SqliteErrorCodes.Name(rc), "SQLite error: " + message);
    }

    private string ErrorMessage() => raw.sqlite3_errmsg(_db).utf8_to_string() ?? "unknown error";

    private int Authorize(object userData, int actionCode, string param0, string param1, string dbName, string innerMostTriggerOrView)
    {
        if (actionCode == ActionTransaction)
        {
            _sawTransaction = true;
        }

        // Only the statement's own top-level action counts, not what its triggers do or schema-table upkeep.
        if (innerMostTriggerOrView is null && param0 is not null && !param0.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase))
        {
            switch (actionCode)
            {
                case ActionInsert:
                    _sawInsert = true;
                    _sawChange = true;
                    break;
                case ActionUpdate:
                case ActionDelete:
                    _sawChange = true;
                    break;
            }
        }

        return SqliteOk;
    }
}

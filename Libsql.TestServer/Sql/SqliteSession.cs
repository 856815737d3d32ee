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

    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;
    private readonly string _namespace;
    private readonly StatementClassifier _classifier = new();

    private SqliteSession(SqliteConnection connection, string @namespace)
    {
        _connection = connection;
        _db = connection.Handle!;
        _namespace = @namespace;
        // sqld queues writers rather than failing them; waiting past an abandoned stream's expiry comes closest.
        raw.sqlite3_busy_timeout(_db, BusyTimeoutMilliseconds);
        _classifier.Install(_db);
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
    public byte[] CheckSingleStatement(string sql) => StatementSplitter.CheckSingleStatement(_db, sql);

    /// <summary>Runs one checked statement.</summary>
    public StmtResult Execute(byte[] sql, HranaStatement stmt, bool canWrite)
    {
        var started = Stopwatch.GetTimestamp();
        _classifier.Reset();
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var prepared);
        using (prepared)
        {
            if (rc != raw.SQLITE_OK)
            {
                throw PrepareError(rc);
            }

            if (StatementSplitter.IsEmpty(prepared))
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

            ParameterBinder.Bind(prepared, stmt);
            var wantRows = stmt.WantRows ?? true;
            var rows = new List<HranaValue[]>();
            while (true)
            {
                rc = raw.sqlite3_step(prepared);
                if (rc == raw.SQLITE_DONE)
                {
                    break;
                }

                if (rc != raw.SQLITE_ROW)
                {
                    throw new StmtException(SqliteErrorCodes.Name(rc), "SQLite error: " + ErrorMessage());
                }

                if (wantRows)
                {
                    rows.Add(ReadRow(prepared, count));
                }
            }

            // As sqld: changes() only for INSERT/UPDATE/DELETE (it is stale otherwise), the rowid only for INSERT.
            var affected = _classifier.IsInsertUpdateDelete ? raw.sqlite3_changes(_db) : 0;
            return new StmtResult
            {
                Cols = cols,
                Rows = rows,
                AffectedRowCount = affected,
                LastInsertRowid = _classifier.IsInsert ? raw.sqlite3_last_insert_rowid(_db) : null,
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
            if (step.Condition is not null && !BatchConditions.Evaluate(step.Condition, succeeded, IsAutocommit))
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
        var statements = StatementSplitter.SplitChecked(_db, sql);
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
            if (rc != raw.SQLITE_OK)
            {
                throw PrepareError(rc);
            }

            if (StatementSplitter.IsEmpty(stmt))
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

    private static string ConnectionString(string dataFile, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = dataFile,
        Mode = mode,
        Cache = SqliteCacheMode.Private,
        Pooling = false,
    }.ToString();

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

    // A statement that cannot be prepared yet (its table is created by an earlier step) is checked again when it runs.
    private void RequireReadOnly(byte[] sql)
    {
        _classifier.Reset();
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var stmt);
        using (stmt)
        {
            if (rc == raw.SQLITE_OK && !StatementSplitter.IsEmpty(stmt) && Writes(stmt))
            {
                throw SqldHttpException.WriteForbidden(_namespace);
            }
        }
    }

    // SQLite's own answer, except that sqld counts every transaction-control statement as a read (BEGIN
    // IMMEDIATE takes the write lock, so SQLite calls it a write).
    private bool Writes(sqlite3_stmt stmt) => raw.sqlite3_stmt_readonly(stmt) == 0 && !_classifier.IsTransaction;

    private StmtException PrepareError(int rc)
    {
        var message = ErrorMessage();
        if ((rc & 0xFF) == raw.SQLITE_ERROR)
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
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Libsql.Client.Hrana;
using Libsql.TestServer.Hosting;
using Libsql.TestServer.Hrana;
using Libsql.TestServer.Namespaces;
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
    // SQLite's own wait for the write lock, in slices between which a waiter may steal an expired transaction.
    private const int BusySliceMilliseconds = 100;

    // How long a writer waits for a lock held by no stream transaction (a long single statement) before SQLITE_BUSY.
    private static readonly TimeSpan MaxLockWait = TimeSpan.FromSeconds(30);

    // sqld's (SQLite's) default; the limit is raised to it only while the session runs an ATTACH it wrote itself.
    private const int MaxAttached = 10;

    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;
    private readonly string _namespace;
    private readonly INamespaceLookup _namespaces;
    private readonly NamespaceStats _stats;
    private readonly WriteLockWatch _writeLock;
    private readonly ResponseLimits _limits;
    private readonly StatementClassifier _classifier = new();

    // Held while the session runs a request, so that a writer stealing the lock rolls back between requests.
    private readonly Lock _gate = new();
    private bool _forcedRollback;
    private ICursorSink? _sink;
    private int _sinkStep;

    private SqliteSession(SqliteConnection connection, string @namespace, INamespaceLookup namespaces, WriteLockWatch writeLock, NamespaceStats stats, ResponseLimits limits)
    {
        _limits = limits;
        _stats = stats;
        _connection = connection;
        _db = connection.Handle!;
        _namespace = @namespace;
        _namespaces = namespaces;
        _writeLock = writeLock;
        raw.sqlite3_busy_timeout(_db, BusySliceMilliseconds);

        // Below the classifier, SQLite itself keeps every statement inside the database's folder: no file can be
        // attached (VACUUM INTO attaches its target too), no extension loaded, the schema never made writable.
        raw.sqlite3_limit(_db, raw.SQLITE_LIMIT_ATTACHED, 0);
        raw.sqlite3_enable_load_extension(_db, 0);
        Check(raw.sqlite3_db_config(_db, raw.SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, out _));
        Check(raw.sqlite3_db_config(_db, raw.SQLITE_DBCONFIG_DEFENSIVE, 1, out _));
        _classifier.Install(_db);
    }

    /// <summary>True outside an explicit transaction.</summary>
    public bool IsAutocommit => raw.sqlite3_get_autocommit(_db) != 0;

    /// <summary>Opens a connection to an existing database file.</summary>
    public static SqliteSession Open(string dataFile, string @namespace, INamespaceLookup namespaces, WriteLockWatch writeLock, NamespaceStats stats, ResponseLimits limits)
    {
        ArgumentNullException.ThrowIfNull(stats);
        // As a file: URI, which makes SQLite read the URI of the read-only ATTACH the session writes itself.
        var connection = new SqliteConnection(ConnectionString(new Uri(dataFile).AbsoluteUri, SqliteOpenMode.ReadWrite));
        try
        {
            connection.Open();
            using (var command = connection.CreateCommand())
            {
                // WAL without fsync on every commit: a crash of the test machine may lose the last commits, never corrupt the file.
                command.CommandText = "PRAGMA synchronous=NORMAL";
                command.ExecuteNonQuery();
            }

            return new SqliteSession(connection, @namespace, namespaces, writeLock, stats, limits);
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
    /// sqld's parse step for one statement: exactly one statement, free of syntax errors, of a kind sqld supports.
    /// </summary>
    public ClassifiedStatement CheckSingleStatement(string sql) => Classify(StatementSplitter.CheckSingleStatement(_db, sql), sql);

    /// <summary>
    /// sqld's <c>check_program_auth</c>: the permission each statement's kind needs, checked for a whole program
    /// before any of it runs. A failure is a request-level 403, not a statement error.
    /// </summary>
    public void Authorize(IEnumerable<ClassifiedStatement> statements, RequestContext context)
    {
        foreach (var statement in statements)
        {
            Authorize(statement.Kind, statement.AttachNamespace, context);
        }
    }

    /// <summary>Runs one checked statement as a program of its own (a Hrana <c>execute</c>).</summary>
    public HranaStatementResult ExecuteStatement(ClassifiedStatement statement, HranaStatement stmt, RequestContext context)
    {
        lock (_gate)
        {
            Authorize([statement], context);
            return TakeForcedRollback() ? throw StmtException.TransactionTimeout() : Execute(statement, stmt, context);
        }
    }

    /// <summary>
    /// sqld's forced rollback of a transaction whose lock another writer steals: done between requests (false
    /// while one runs), and reported as TRANSACTION_TIMEOUT to every step of the stream's next program.
    /// </summary>
    public bool TryForceRollback()
    {
        if (!_gate.TryEnter())
        {
            return false;
        }

        try
        {
            if (!IsAutocommit)
            {
                raw.sqlite3_exec(_db, "ROLLBACK");
            }

            _forcedRollback = true;
            return true;
        }
        finally
        {
            _gate.Exit();
        }
    }

    private HranaStatementResult Execute(ClassifiedStatement statement, HranaStatement stmt, RequestContext context)
    {
        try
        {
            // The one place every statement that ran to its end passes, whichever request carried it.
            var result = ExecuteStep(statement, stmt, context);
            _stats.Record(Encoding.UTF8.GetString(statement.Sql), result.RowsWritten, TimeSpan.FromMilliseconds(result.QueryDurationMs));
            return result;
        }
        finally
        {
            _writeLock.Update(this, SqliteNative.InWriteTransaction(_db));
        }
    }

    private HranaStatementResult ExecuteStep(ClassifiedStatement statement, HranaStatement stmt, RequestContext context)
    {
        var started = Stopwatch.GetTimestamp();
        if (statement.Kind == StatementKind.Attach)
        {
            return ExecuteAttach(statement, context, started);
        }

        _classifier.Begin();
        var rc = raw.sqlite3_prepare_v2(_db, statement.Sql, out var prepared);
        var kind = _classifier.End(rc == raw.SQLITE_OK ? prepared : null);
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

            // Classified now if it could not be prepared before; checked again either way, as the schema may
            // have changed since (a view replaced by a table of the same name).
            if (kind is StatementKind.Unsupported or StatementKind.Attach)
            {
                throw StmtException.Unsupported(Encoding.UTF8.GetString(statement.Sql));
            }

            Authorize(kind, null, context);
            CheckBlocked(kind!.Value);
            return Run(prepared, stmt, started);
        }
    }

    /// <summary>
    /// Runs a batch. Like sqld, every step's permission is checked before anything runs (a write with a
    /// read-only token fails the whole request), then steps run in order under their conditions.
    /// </summary>
    public IReadOnlyList<StepOutcome> ExecuteBatch(IReadOnlyList<BatchStepPlan> steps, RequestContext context)
    {
        lock (_gate)
        {
            Authorize(steps.Select(s => s.Statement), context);
            return TakeForcedRollback()
                ? steps.Select(_ => new StepOutcome(null, StmtException.TransactionTimeout().ToHranaError())).ToArray()
                : RunBatch(steps, context);
        }
    }

    /// <summary>
    /// Runs a batch as a cursor: each row goes to <paramref name="sink"/> as SQLite produces it, so memory stays
    /// bounded however many rows there are. As in sqld, the response size limits do not apply to cursors.
    /// The caller has authorized the steps (a failure must be a 403 before any entry is sent).
    /// </summary>
    public void ExecuteCursor(IReadOnlyList<BatchStepPlan> steps, RequestContext context, ICursorSink sink)
    {
        lock (_gate)
        {
            _sink = sink;
            try
            {
                if (TakeForcedRollback())
                {
                    for (var i = 0; i < steps.Count; i++)
                    {
                        sink.StepError(i, StmtException.TransactionTimeout().ToHranaError());
                    }

                    return;
                }

                RunBatch(steps, context);
            }
            finally
            {
                _sink = null;
            }
        }
    }

    /// <summary>Runs several statements (no arguments, no rows), stopping at the first error, which is thrown.</summary>
    public void ExecuteSequence(string sql, RequestContext context)
    {
        lock (_gate)
        {
            // sqld parses and classifies the whole text before running any of it.
            var statements = StatementSplitter.SplitChecked(_db, sql).Select(s => Classify(s, sql)).ToList();
            Authorize(statements, context);
            if (TakeForcedRollback() && statements.Count > 0)
            {
                throw StmtException.TransactionTimeout();
            }

            var noRows = new HranaStatement { WantRows = false };
            foreach (var statement in statements)
            {
                Execute(statement, noRows, context);
            }
        }
    }

    private StepOutcome[] RunBatch(IReadOnlyList<BatchStepPlan> steps, RequestContext context)
    {
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
                _sinkStep = i;
                var result = Execute(step.Statement, step.Stmt, context);
                outcomes[i] = new StepOutcome(result, null);
                succeeded[i] = true;
                _sink?.StepEnd(result.AffectedRowCount, result.LastInsertRowid);
            }
            catch (StmtException e)
            {
                outcomes[i] = new StepOutcome(null, e.ToHranaError());
                _sink?.StepError(i, outcomes[i].Error!);
            }
        }

        return outcomes;
    }

    /// <summary>
    /// Stops the statement running on this session, from any thread (its HTTP request was aborted): it fails with
    /// SQLITE_INTERRUPT, so an endless query does not pin a thread or hold the write lock.
    /// </summary>
    public void Interrupt()
    {
        try
        {
            raw.sqlite3_interrupt(_db);
        }
        catch (ObjectDisposedException)
        {
            // The stream was closed meanwhile; nothing runs.
        }
    }

    /// <summary>Describes a statement without running it.</summary>
    public HranaDescribeResult Describe(string sql)
    {
        lock (_gate)
        {
            return DescribeLocked(sql);
        }
    }

    /// <summary>Rolls back an open transaction (an abandoned stream's) and closes the handle.</summary>
    public void Dispose()
    {
        lock (_gate)
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
                _writeLock.Update(this, holding: false);
                _connection.Dispose();
            }
        }
    }

    private HranaDescribeResult DescribeLocked(string sql)
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

            var parameters = new HranaDescribeParameter[raw.sqlite3_bind_parameter_count(stmt)];
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i] = new HranaDescribeParameter { Name = raw.sqlite3_bind_parameter_name(stmt, i + 1).utf8_to_string() };
            }

            var cols = new HranaDescribeColumn[raw.sqlite3_column_count(stmt)];
            for (var i = 0; i < cols.Length; i++)
            {
                cols[i] = new HranaDescribeColumn
                {
                    Name = raw.sqlite3_column_name(stmt, i).utf8_to_string() ?? "",
                    Decltype = raw.sqlite3_column_decltype(stmt, i).utf8_to_string(),
                };
            }

            return new HranaDescribeResult
            {
                Params = parameters,
                Cols = cols,
                IsExplain = raw.sqlite3_stmt_isexplain(stmt) != 0,
                IsReadonly = raw.sqlite3_stmt_readonly(stmt) != 0,
            };
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

    // sqld's should_block (connection_core.rs), checked as each statement runs.
    private void CheckBlocked(StatementKind kind)
    {
        var config = _namespaces.Config(_namespace);
        var blocked = kind switch
        {
            StatementKind.Read or StatementKind.TransactionBegin => config.BlockReads,
            StatementKind.Write or StatementKind.Ddl => config.BlockReads || config.BlockWrites,
            _ => false,
        };
        if (blocked)
        {
            throw StmtException.Blocked(config.BlockReason);
        }
    }

    private bool TakeForcedRollback()
    {
        var forced = _forcedRollback;
        _forcedRollback = false;
        return forced;
    }

    private static void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new InvalidOperationException("SQLite refused a connection setting: " + raw.sqlite3_errstr(rc).utf8_to_string());
        }
    }

    // sqld's Statement::parse: a statement with no kind is refused with the whole SQL text in the message.
    private ClassifiedStatement Classify(byte[] sql, string original)
    {
        _classifier.Begin();
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var stmt);
        StatementKind? kind;
        using (stmt)
        {
            kind = _classifier.End(rc == raw.SQLITE_OK ? stmt : null);
        }

        if (kind == StatementKind.Attach)
        {
            return AttachStatement.TryRead(Encoding.UTF8.GetString(sql), out var target, out var alias)
                ? new ClassifiedStatement(sql, kind, target, alias)
                : throw StmtException.Unsupported(original);
        }

        return kind == StatementKind.Unsupported ? throw StmtException.Unsupported(original) : new ClassifiedStatement(sql, kind);
    }

    private void Authorize(StatementKind? kind, string? attachNamespace, RequestContext context)
    {
        switch (kind)
        {
            case StatementKind.Write or StatementKind.Ddl when !context.CanWrite:
                throw SqldHttpException.WriteForbidden(_namespace);
            case StatementKind.Attach when !context.CanAttach(attachNamespace!):
                throw SqldHttpException.AttachForbidden(attachNamespace!);
            case StatementKind.Attach when !_namespaces.Config(attachNamespace!).AllowAttach:
                throw SqldHttpException.AttachNotAllowed(attachNamespace!);
        }
    }

    // sqld's prepare_attach_query: the namespace's database, read-only, under the alias the client chose.
    private HranaStatementResult ExecuteAttach(ClassifiedStatement statement, RequestContext context, long started)
    {
        Authorize(StatementKind.Attach, statement.AttachNamespace, context);
        var file = _namespaces.DatabaseFile(statement.AttachNamespace!)
            ?? throw new StmtException(SqliteErrorCodes.Name(raw.SQLITE_CANTOPEN), "SQLite error: unable to open database: " + statement.AttachNamespace);
        var uri = new Uri(file).AbsoluteUri + "?mode=ro";
        var sql = $"ATTACH DATABASE '{uri.Replace("'", "''", StringComparison.Ordinal)}' AS \"{statement.AttachAlias!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        _classifier.PermittedAttachFile = uri;
        raw.sqlite3_limit(_db, raw.SQLITE_LIMIT_ATTACHED, MaxAttached);
        try
        {
            var rc = raw.sqlite3_prepare_v2(_db, sql, out var prepared);
            using (prepared)
            {
                return rc == raw.SQLITE_OK ? Run(prepared, new HranaStatement(), started) : throw PrepareError(rc);
            }
        }
        finally
        {
            raw.sqlite3_limit(_db, raw.SQLITE_LIMIT_ATTACHED, 0);
            _classifier.PermittedAttachFile = null;
        }
    }

    private HranaStatementResult Run(sqlite3_stmt prepared, HranaStatement stmt, long started)
    {
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
        _sink?.StepBegin(_sinkStep, cols);
        var wantRows = stmt.WantRows ?? true;
        var rows = new List<HranaValue[]>();
        var waitStarted = Stopwatch.GetTimestamp();
        long held = 0;
        try
        {
            while (true)
            {
                var rc = raw.sqlite3_step(prepared);

                // Locked out before producing anything: steal an expired transaction's lock, or keep waiting, as sqld.
                while ((rc & 0xFF) == raw.SQLITE_BUSY && rows.Count == 0 && Stopwatch.GetElapsedTime(waitStarted) < MaxLockWait)
                {
                    _writeLock.TrySteal(this);
                    raw.sqlite3_reset(prepared);
                    rc = raw.sqlite3_step(prepared);
                }

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
                    if (_sink is not null)
                    {
                        _sink.Row(ReadRow(prepared, count));
                        continue;
                    }

                    // Counted before the values are copied out of SQLite: a huge blob is refused, not copied.
                    long size = 0;
                    for (var i = 0; i < count; i++)
                    {
                        size += ResponseLimits.SizeOf(prepared, i);
                    }

                    _limits.Reserve(ref held, size);
                    rows.Add(ReadRow(prepared, count));
                }
            }
        }
        finally
        {
            _limits.Release(held);
        }

        // As sqld: changes() only for INSERT/UPDATE/DELETE (it is stale otherwise), the rowid only for INSERT.
        var affected = _classifier.IsInsertUpdateDelete ? raw.sqlite3_changes(_db) : 0;
        return new HranaStatementResult
        {
            Cols = cols,
            Rows = rows,
            AffectedRowCount = affected,
            LastInsertRowid = _classifier.IsInsert ? raw.sqlite3_last_insert_rowid(_db) : null,
            RowsWritten = affected,
            QueryDurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        };
    }

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

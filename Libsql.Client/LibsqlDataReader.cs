using System.Collections;
using System.Data;
using System.Data.Common;
using System.Globalization;
using Libsql.Client.Hrana;

namespace Libsql.Client;

/// <summary>
/// Reads the result sets of a command or batch as they arrive. Outside a transaction on Hrana 3 the rows stream over
/// a Hrana cursor (<c>/v3/cursor</c>), so memory stays bounded however many rows there are; on Hrana 2 servers (no
/// cursors) and inside an interactive transaction (whose stream serves one request at a time) the batch result is
/// read whole first. As with Microsoft.Data.Sqlite, each statement that returns columns is one result set
/// (<see cref="NextResult"/>), statements without columns only add to <see cref="RecordsAffected"/>, and closing the
/// reader lets the remaining statements finish. Values are read as Microsoft.Data.Sqlite reads them (dates from TEXT
/// or a Julian day number, <see cref="Guid"/> from TEXT or a 16-byte BLOB, <see cref="decimal"/> from TEXT).
/// </summary>
public sealed class LibsqlDataReader : DbDataReader
{
    private static readonly Task<bool> s_true = Task.FromResult(true);
    private static readonly Task<bool> s_false = Task.FromResult(false);

    private readonly LibsqlClient _client;
    private readonly LibsqlCommandPlan _plan;
    private readonly ILibsqlEntrySource _source;
    private readonly LibsqlConnection? _closeWith;
    private readonly LibsqlBatchCommandCollection? _batchCommands;
    private LibsqlColumnSet? _columns;
    private HranaValue[]? _row;
    private HranaValue[]? _pending;
    private bool _pendingEnd;
    private bool _onResult;
    private bool _hasRows;
    private bool _sourceDone;
    private int _stepInProgress = -1;
    private int _lastStepSeen = -1;
    private int _recordsAffected = -1;
    private bool _closed;
    private bool _commitSeen;
    private bool _stepHasColumns;

    internal LibsqlDataReader(LibsqlClient client, LibsqlCommandPlan plan, ILibsqlEntrySource source, LibsqlConnection? closeWith, LibsqlBatchCommandCollection? batchCommands)
    {
        _client = client;
        _plan = plan;
        _source = source;
        _closeWith = closeWith;
        _batchCommands = batchCommands;
    }

    /// <inheritdoc/>
    public override int Depth => 0;

    /// <summary>The number of columns of the current result set (0 when the statements returned none).</summary>
    public override int FieldCount
    {
        get
        {
            ThrowIfClosed(nameof(FieldCount));
            return _columns?.Columns.Count ?? 0;
        }
    }

    /// <summary>Whether the current result set has at least one row.</summary>
    public override bool HasRows
    {
        get
        {
            ThrowIfClosed(nameof(HasRows));
            return _hasRows;
        }
    }

    /// <inheritdoc/>
    public override bool IsClosed => _closed;

    /// <summary>
    /// Rows changed by the INSERT, UPDATE and DELETE statements run so far (all of them once the reader is closed);
    /// -1 when only queries ran.
    /// </summary>
    public override int RecordsAffected => _recordsAffected;

    /// <summary>The last inserted rowid reported by the statements run so far.</summary>
    public long? LastInsertRowid { get; private set; }

    /// <inheritdoc/>
    public override object this[int ordinal] => GetValue(ordinal);

    /// <inheritdoc/>
    public override object this[string name] => GetValue(GetOrdinal(name));

    private HranaValue[] Row
    {
        get
        {
            ThrowIfClosed("reading a value");
            return _row ?? throw new InvalidOperationException("No data exists for the row/column: call Read() first and check that it returned true.");
        }
    }

    private LibsqlColumnSet Columns
    {
        get
        {
            ThrowIfClosed("reading column information");
            return _columns ?? throw new InvalidOperationException("The statements returned no result set.");
        }
    }

    /// <inheritdoc/>
    public override bool Read()
    {
        var read = ReadCoreAsync(CancellationToken.None);
        return read.IsCompletedSuccessfully ? read.Result : read.AsTask().GetAwaiter().GetResult();
    }

    /// <inheritdoc/>
    public override Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        var read = ReadCoreAsync(cancellationToken);
        return read.IsCompletedSuccessfully ? read.Result ? s_true : s_false : read.AsTask();
    }

    /// <summary>Moves to the next result set (skipping the rest of the current one).</summary>
    /// <returns>False when there is none.</returns>
    public override bool NextResult() => NextResultAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Moves to the next result set (skipping the rest of the current one).</summary>
    /// <param name="cancellationToken">Cancels the wait for the server.</param>
    /// <returns>False when there is none.</returns>
    public override async Task<bool> NextResultAsync(CancellationToken cancellationToken)
    {
        ThrowIfClosed(nameof(NextResult));
        return await MoveToNextResultAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override void Close() => CloseAsync().GetAwaiter().GetResult();

    /// <summary>
    /// Closes the reader. When statements after the current result set remain, their output is read (and their
    /// errors thrown) so they finish as with Microsoft.Data.Sqlite; otherwise the rest of the rows is dropped unread.
    /// </summary>
    /// <returns>A task that completes when closed.</returns>
    public override async Task CloseAsync()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        try
        {
            // An atomic batch must reach its COMMIT; other statements left must run, as they would locally.
            if (!_sourceDone && (_plan.IsAtomic || _lastStepSeen < LastUserStep()))
            {
                while (await NextEntryAsync(CancellationToken.None).ConfigureAwait(false) is not null)
                {
                }
            }
        }
        finally
        {
            _row = _pending = null;
            await _source.DisposeAsync().ConfigureAwait(false);
            if (_closeWith is not null)
            {
                await _closeWith.CloseAsync().ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public override ValueTask DisposeAsync() => new(CloseAsync());

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    public override string GetName(int ordinal) => Columns.Columns[ordinal].Name;

    /// <inheritdoc/>
    public override int GetOrdinal(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Columns.GetOrdinal(name);
    }

    /// <summary>The declared type, or the storage class of the current value when there is none.</summary>
    /// <param name="ordinal">The column.</param>
    /// <returns>A type name such as INTEGER or TEXT.</returns>
    public override string GetDataTypeName(int ordinal) =>
        Columns.Columns[ordinal].DeclaredType is { Length: > 0 } declared ? declared : StorageClassName(FieldStorage(ordinal));

    /// <summary>
    /// The .NET type of the column: that of the current row's value when it is not NULL (long, double, string,
    /// byte[]), else one derived from the declared type's SQLite affinity.
    /// </summary>
    /// <param name="ordinal">The column.</param>
    /// <returns>The type.</returns>
    public override Type GetFieldType(int ordinal) => FieldStorage(ordinal) switch
    {
        HranaValueType.Integer => typeof(long),
        HranaValueType.Float => typeof(double),
        HranaValueType.Text => typeof(string),
        HranaValueType.Blob => typeof(byte[]),
        _ => typeof(object),
    };

    /// <inheritdoc/>
    public override object GetValue(int ordinal) => new LibsqlValue(Row[ordinal]).ToObject() ?? DBNull.Value;

    /// <inheritdoc/>
    public override int GetValues(object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var row = Row;
        var count = Math.Min(values.Length, row.Length);
        for (var i = 0; i < count; i++)
        {
            values[i] = new LibsqlValue(row[i]).ToObject() ?? DBNull.Value;
        }

        return count;
    }

    /// <inheritdoc/>
    public override bool IsDBNull(int ordinal) => Row[ordinal].Type == HranaValueType.Null;

    /// <summary>
    /// The value converted to <typeparamref name="T"/> as Microsoft.Data.Sqlite converts it: DateTime, DateTimeOffset,
    /// DateOnly, TimeOnly and TimeSpan from text (or Julian day numbers), Guid from a 16-byte blob or text, decimal
    /// from text, bool and enums from integers, char from one-character text, <see cref="Stream"/> and
    /// <see cref="TextReader"/> over the value.
    /// </summary>
    /// <typeparam name="T">The target type.</typeparam>
    /// <param name="ordinal">The column.</param>
    /// <returns>The value.</returns>
    public override T GetFieldValue<T>(int ordinal)
    {
        var value = Row[ordinal];
        if (typeof(T) == typeof(DBNull) || typeof(T) == typeof(object) && value.Type == HranaValueType.Null)
        {
            return (T)(object)DBNull.Value;
        }

        if (typeof(T) == typeof(Stream))
        {
            return (T)(object)GetStream(ordinal);
        }

        if (typeof(T) == typeof(TextReader) || typeof(T) == typeof(StringReader))
        {
            return (T)(object)GetTextReader(ordinal);
        }

        return LibsqlTypeMapper.FromHrana<T>(value);
    }

    /// <summary>The value as a read-only stream over its bytes (a blob, or text as UTF-8).</summary>
    /// <param name="ordinal">The column.</param>
    /// <returns>The stream.</returns>
    public override Stream GetStream(int ordinal) => new MemoryStream(LibsqlTypeMapper.FromHrana<byte[]>(Row[ordinal]), writable: false);

    /// <summary>The value as a reader over its text.</summary>
    /// <param name="ordinal">The column.</param>
    /// <returns>The reader.</returns>
    public override TextReader GetTextReader(int ordinal) => new StringReader(LibsqlTypeMapper.FromHrana<string>(Row[ordinal]));

    /// <inheritdoc/>
    public override bool GetBoolean(int ordinal) => GetFieldValue<bool>(ordinal);

    /// <inheritdoc/>
    public override byte GetByte(int ordinal) => GetFieldValue<byte>(ordinal);

    /// <inheritdoc/>
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var bytes = GetFieldValue<byte[]>(ordinal);
        if (buffer is null)
        {
            return bytes.Length;
        }

        var count = (int)Math.Max(0, Math.Min(length, bytes.Length - dataOffset));
        Array.Copy(bytes, dataOffset, buffer, bufferOffset, count);
        return count;
    }

    /// <inheritdoc/>
    public override char GetChar(int ordinal) => GetFieldValue<char>(ordinal);

    /// <inheritdoc/>
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var text = GetFieldValue<string>(ordinal);
        if (buffer is null)
        {
            return text.Length;
        }

        var count = (int)Math.Max(0, Math.Min(length, text.Length - dataOffset));
        text.CopyTo((int)dataOffset, buffer, bufferOffset, count);
        return count;
    }

    /// <inheritdoc/>
    public override DateTime GetDateTime(int ordinal) => GetFieldValue<DateTime>(ordinal);

    /// <inheritdoc/>
    public override decimal GetDecimal(int ordinal) => GetFieldValue<decimal>(ordinal);

    /// <inheritdoc/>
    public override double GetDouble(int ordinal) => GetFieldValue<double>(ordinal);

    /// <inheritdoc/>
    public override float GetFloat(int ordinal) => GetFieldValue<float>(ordinal);

    /// <inheritdoc/>
    public override Guid GetGuid(int ordinal) => GetFieldValue<Guid>(ordinal);

    /// <inheritdoc/>
    public override short GetInt16(int ordinal) => GetFieldValue<short>(ordinal);

    /// <inheritdoc/>
    public override int GetInt32(int ordinal) => GetFieldValue<int>(ordinal);

    /// <inheritdoc/>
    public override long GetInt64(int ordinal) => GetFieldValue<long>(ordinal);

    /// <inheritdoc/>
    public override string GetString(int ordinal) => GetFieldValue<string>(ordinal);

    /// <inheritdoc/>
    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    /// <summary>Basic schema: name, ordinal, .NET type, declared type, nullability unknown (true).</summary>
    /// <returns>One row per column.</returns>
    public override DataTable GetSchemaTable()
    {
        var table = new DataTable("SchemaTable") { Locale = CultureInfo.InvariantCulture };
        table.Columns.Add(SchemaTableColumn.ColumnName, typeof(string));
        table.Columns.Add(SchemaTableColumn.ColumnOrdinal, typeof(int));
        table.Columns.Add(SchemaTableColumn.ColumnSize, typeof(int));
        table.Columns.Add(SchemaTableColumn.NumericPrecision, typeof(short));
        table.Columns.Add(SchemaTableColumn.NumericScale, typeof(short));
        table.Columns.Add(SchemaTableColumn.DataType, typeof(Type));
        table.Columns.Add("DataTypeName", typeof(string));
        table.Columns.Add(SchemaTableColumn.AllowDBNull, typeof(bool));
        table.Columns.Add(SchemaTableColumn.IsKey, typeof(bool));
        table.Columns.Add(SchemaTableColumn.IsUnique, typeof(bool));
        table.Columns.Add(SchemaTableColumn.IsLong, typeof(bool));
        table.Columns.Add(SchemaTableColumn.BaseColumnName, typeof(string));
        for (var i = 0; i < FieldCount; i++)
        {
            var type = GetFieldType(i);
            table.Rows.Add(GetName(i), i, -1, DBNull.Value, DBNull.Value, type, GetDataTypeName(i), true, false, false, type == typeof(byte[]), GetName(i));
        }

        return table;
    }

    /// <summary>Positions the reader on the first result set; called once by the command.</summary>
    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await MoveToNextResultAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _closed = true;
            await _source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads to the end (running every statement) and closes.</summary>
    internal async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await NextEntryAsync(cancellationToken).ConfigureAwait(false) is not null)
            {
            }
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
        }

        return _recordsAffected;
    }

    private async ValueTask<bool> ReadCoreAsync(CancellationToken cancellationToken)
    {
        ThrowIfClosed(nameof(Read));
        if (!_onResult)
        {
            _row = null;
            return false;
        }

        if (_pending is not null)
        {
            _row = _pending;
            _pending = null;
            return true;
        }

        if (_pendingEnd)
        {
            _pendingEnd = false;
            _onResult = false;
            _row = null;
            return false;
        }

        var entry = await NextEntryAsync(cancellationToken).ConfigureAwait(false);
        if (entry is HranaRowEntry row)
        {
            _row = row.Row;
            return true;
        }

        // The step ended (or the output did).
        _onResult = false;
        _row = null;
        return false;
    }

    private async Task<bool> MoveToNextResultAsync(CancellationToken cancellationToken)
    {
        _row = null;
        _pending = null;
        _hasRows = false;
        if (_onResult && _pendingEnd)
        {
            _pendingEnd = false;
        }
        else if (_onResult)
        {
            // Skip the rest of the current result set.
            while (await NextEntryAsync(cancellationToken).ConfigureAwait(false) is HranaRowEntry)
            {
            }
        }

        _onResult = false;
        while (await NextEntryAsync(cancellationToken).ConfigureAwait(false) is { } entry)
        {
            if (entry is HranaStepBeginEntry { Cols.Count: > 0 } begin && StepInfo((int)begin.Step) is not null)
            {
                _columns = HranaResults.Columns(begin.Cols);
                _onResult = true;

                // Look one entry ahead so HasRows needs no I/O.
                switch (await NextEntryAsync(cancellationToken).ConfigureAwait(false))
                {
                    case HranaRowEntry first:
                        _pending = first.Row;
                        _hasRows = true;
                        break;
                    default:
                        _pendingEnd = true;
                        break;
                }

                return true;
            }
        }

        _columns = null;
        return false;
    }

    /// <summary>The next entry, with step bookkeeping done and step errors thrown; null at the end.</summary>
    private async ValueTask<HranaCursorEntry?> NextEntryAsync(CancellationToken cancellationToken)
    {
        if (_sourceDone)
        {
            return null;
        }

        HranaCursorEntry? entry;
        try
        {
            entry = await _source.ReadEntryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (_plan.IsAtomic && !_commitSeen && LibsqlErrors.IsAmbiguous(ex))
        {
            _sourceDone = true;
            throw LibsqlErrors.OutcomeUnknown("batch", ex);
        }
        catch
        {
            _sourceDone = true;
            throw;
        }

        switch (entry)
        {
            case null:
                _sourceDone = true;
                break;
            case HranaStepBeginEntry begin:
                _stepInProgress = (int)begin.Step;
                _stepHasColumns = begin.Cols.Count > 0;
                _lastStepSeen = Math.Max(_lastStepSeen, _stepInProgress);
                break;
            case HranaStepEndEntry end:
                OnStepEnd(end);
                break;
            case HranaStepErrorEntry error:
                // An atomic batch's ROLLBACK step still follows: closing the reader reads on to it.
                _sourceDone = !_plan.IsAtomic;
                throw _client.Error(error.Error, StepInfo((int)error.Step)?.Sql ?? (error.Step < _plan.Steps.Count ? _plan.Steps[(int)error.Step].Stmt.Sql : null));
        }

        return entry;
    }

    private void OnStepEnd(HranaStepEndEntry end)
    {
        var step = StepInfo(_stepInProgress);
        _commitSeen |= _plan.IsAtomic && _stepInProgress == _plan.CommitStep;
        _stepInProgress = -1;
        if (step is null)
        {
            return;
        }

        if (end.LastInsertRowid is { } rowid)
        {
            LastInsertRowid = rowid;
        }

        // Like sqlite3_stmt_readonly for Microsoft.Data.Sqlite: queries (SELECT, VALUES, EXPLAIN, a WITH that only
        // selects) do not count; writes do, even when they changed nothing.
        if (!step.CountsChanges || _stepHasColumns && end.AffectedRowCount == 0)
        {
            return;
        }

        var affected = (int)Math.Min(end.AffectedRowCount, int.MaxValue);
        _recordsAffected = _recordsAffected < 0 ? affected : _recordsAffected + affected;
        _batchCommands?[step.Command].AddRecordsAffected(affected);
    }

    private LibsqlPlanStep? StepInfo(int step) => step >= 0 && step < _plan.Info.Count ? _plan.Info[step] : null;

    private int LastUserStep()
    {
        for (var i = _plan.Info.Count - 1; i >= 0; i--)
        {
            if (_plan.Info[i] is not null)
            {
                return i;
            }
        }

        return -1;
    }

    private void ThrowIfClosed(string operation)
    {
        if (_closed)
        {
            throw new InvalidOperationException($"Invalid attempt to call {operation} when reader is closed.");
        }
    }

    private HranaValueType FieldStorage(int ordinal)
    {
        var columns = Columns;
        if (_row is { } row && row[ordinal].Type is var current and not HranaValueType.Null)
        {
            return current;
        }

        return Affinity(columns.Columns[ordinal].DeclaredType);
    }

    // SQLite's column affinity rules (datatype3.html, section 3.1), with NUMERIC treated as real.
    private static HranaValueType Affinity(string? declared)
    {
        if (string.IsNullOrEmpty(declared))
        {
            return HranaValueType.Null;
        }

        var upper = declared.ToUpperInvariant();
        if (upper.Contains("INT", StringComparison.Ordinal))
        {
            return HranaValueType.Integer;
        }

        if (upper.Contains("CHAR", StringComparison.Ordinal) || upper.Contains("CLOB", StringComparison.Ordinal) || upper.Contains("TEXT", StringComparison.Ordinal))
        {
            return HranaValueType.Text;
        }

        return upper.Contains("BLOB", StringComparison.Ordinal) ? HranaValueType.Blob : HranaValueType.Float;
    }

    private static string StorageClassName(HranaValueType type) => type switch
    {
        HranaValueType.Integer => "INTEGER",
        HranaValueType.Float => "REAL",
        HranaValueType.Text => "TEXT",
        HranaValueType.Blob => "BLOB",
        _ => "NULL",
    };
}

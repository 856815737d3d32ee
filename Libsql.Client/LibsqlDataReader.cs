using System.Collections;
using System.Data;
using System.Data.Common;
using Libsql.Client.Hrana;

namespace Libsql.Client;

/// <summary>
/// Reads the rows of a command's result. Field types are the storage classes the values arrived with (long,
/// double, string, byte[]); <see cref="GetFieldValue{T}"/> converts by the README's mapping table.
/// </summary>
public sealed class LibsqlDataReader : DbDataReader
{
    private readonly LibsqlResultSet _result;
    private readonly LibsqlConnection? _closeWith;
    private int _index = -1;
    private bool _closed;

    internal LibsqlDataReader(LibsqlResultSet result, LibsqlConnection? closeWith)
    {
        _result = result;
        _closeWith = closeWith;
    }

    /// <inheritdoc/>
    public override int Depth => 0;

    /// <inheritdoc/>
    public override int FieldCount => _result.Columns.Count;

    /// <inheritdoc/>
    public override bool HasRows => _result.Rows.Count > 0;

    /// <inheritdoc/>
    public override bool IsClosed => _closed;

    /// <inheritdoc/>
    public override int RecordsAffected => (int)Math.Min(_result.RowsAffected, int.MaxValue);

    /// <summary>The last inserted rowid reported for the statement.</summary>
    public long? LastInsertRowid => _result.LastInsertRowid;

    /// <inheritdoc/>
    public override object this[int ordinal] => GetValue(ordinal);

    /// <inheritdoc/>
    public override object this[string name] => GetValue(GetOrdinal(name));

    private LibsqlRow Row => _index >= 0 && _index < _result.Rows.Count
        ? _result.Rows[_index]
        : throw new InvalidOperationException(_closed ? "The reader is closed." : "No current row: call Read() first.");

    /// <inheritdoc/>
    public override bool Read()
    {
        if (_closed || _index >= _result.Rows.Count)
        {
            return false;
        }

        _index++;
        return _index < _result.Rows.Count;
    }

    /// <inheritdoc/>
    public override Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Read() ? s_true : s_false;
    }

    private static readonly Task<bool> s_true = Task.FromResult(true);
    private static readonly Task<bool> s_false = Task.FromResult(false);

    /// <summary>Always false: a command runs one statement.</summary>
    /// <returns>False.</returns>
    public override bool NextResult()
    {
        _index = _result.Rows.Count;
        return false;
    }

    /// <inheritdoc/>
    public override void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _closeWith?.Close();
    }

    /// <inheritdoc/>
    public override string GetName(int ordinal) => _result.Columns[ordinal].Name;

    /// <inheritdoc/>
    public override int GetOrdinal(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _result.ColumnSet.GetOrdinal(name);
    }

    /// <summary>The declared type, or the storage class of the current value when there is none.</summary>
    /// <param name="ordinal">The column.</param>
    /// <returns>A type name such as INTEGER or TEXT.</returns>
    public override string GetDataTypeName(int ordinal) =>
        _result.Columns[ordinal].DeclaredType is { Length: > 0 } declared ? declared : StorageClassName(FieldStorage(ordinal));

    /// <summary>
    /// The .NET type of the column: that of its first non-NULL value in the result (long, double, string, byte[]),
    /// else one derived from the declared type's SQLite affinity.
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
    public override object GetValue(int ordinal) => Row[ordinal].ToObject() ?? DBNull.Value;

    /// <inheritdoc/>
    public override int GetValues(object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    /// <inheritdoc/>
    public override bool IsDBNull(int ordinal) => Row.GetRaw(ordinal).Type == HranaValueType.Null;

    /// <inheritdoc/>
    public override T GetFieldValue<T>(int ordinal) => typeof(T) == typeof(DBNull) || typeof(T) == typeof(object) && IsDBNull(ordinal)
        ? (T)(object)DBNull.Value
        : Row.GetValue<T>(ordinal);

    /// <inheritdoc/>
    public override bool GetBoolean(int ordinal) => Row.GetValue<bool>(ordinal);

    /// <inheritdoc/>
    public override byte GetByte(int ordinal) => Row.GetValue<byte>(ordinal);

    /// <inheritdoc/>
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var bytes = Row.GetValue<byte[]>(ordinal);
        if (buffer is null)
        {
            return bytes.Length;
        }

        var count = (int)Math.Max(0, Math.Min(length, bytes.Length - dataOffset));
        Array.Copy(bytes, dataOffset, buffer, bufferOffset, count);
        return count;
    }

    /// <inheritdoc/>
    public override char GetChar(int ordinal) => Row.GetValue<char>(ordinal);

    /// <inheritdoc/>
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var text = Row.GetValue<string>(ordinal);
        if (buffer is null)
        {
            return text.Length;
        }

        var count = (int)Math.Max(0, Math.Min(length, text.Length - dataOffset));
        text.CopyTo((int)dataOffset, buffer, bufferOffset, count);
        return count;
    }

    /// <inheritdoc/>
    public override DateTime GetDateTime(int ordinal) => Row.GetValue<DateTime>(ordinal);

    /// <inheritdoc/>
    public override decimal GetDecimal(int ordinal) => Row.GetValue<decimal>(ordinal);

    /// <inheritdoc/>
    public override double GetDouble(int ordinal) => Row.GetValue<double>(ordinal);

    /// <inheritdoc/>
    public override float GetFloat(int ordinal) => Row.GetValue<float>(ordinal);

    /// <inheritdoc/>
    public override Guid GetGuid(int ordinal) => Row.GetValue<Guid>(ordinal);

    /// <inheritdoc/>
    public override short GetInt16(int ordinal) => Row.GetValue<short>(ordinal);

    /// <inheritdoc/>
    public override int GetInt32(int ordinal) => Row.GetValue<int>(ordinal);

    /// <inheritdoc/>
    public override long GetInt64(int ordinal) => Row.GetValue<long>(ordinal);

    /// <inheritdoc/>
    public override string GetString(int ordinal) => Row.GetValue<string>(ordinal);

    /// <inheritdoc/>
    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    /// <summary>Basic schema: name, ordinal, .NET type, declared type, nullability unknown (true).</summary>
    /// <returns>One row per column.</returns>
    public override DataTable GetSchemaTable()
    {
        var table = new DataTable("SchemaTable");
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

    private HranaValueType FieldStorage(int ordinal)
    {
        if (_index >= 0 && _index < _result.Rows.Count && _result.Rows[_index].GetRaw(ordinal).Type is var current and not HranaValueType.Null)
        {
            return current;
        }

        foreach (var row in _result.Rows)
        {
            if (row.GetRaw(ordinal).Type is var type and not HranaValueType.Null)
            {
                return type;
            }
        }

        return Affinity(_result.Columns[ordinal].DeclaredType);
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

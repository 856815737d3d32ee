using Libsql.Client.Hrana;

namespace Libsql.Client;

/// <summary>One result row; values by column index or (case-insensitive) column name.</summary>
public sealed class LibsqlRow
{
    private readonly LibsqlColumnSet _columns;
    private readonly HranaValue[] _values;

    internal LibsqlRow(LibsqlColumnSet columns, HranaValue[] values)
    {
        _columns = columns;
        _values = values;
    }

    /// <summary>The columns of the result this row belongs to.</summary>
    public IReadOnlyList<LibsqlColumn> Columns => _columns.Columns;

    /// <summary>The number of values.</summary>
    public int Count => _values.Length;

    /// <summary>The value at a column index.</summary>
    /// <param name="ordinal">Zero-based column index.</param>
    public LibsqlValue this[int ordinal] => new(_values[ordinal]);

    /// <summary>The value of a named column (case-insensitive).</summary>
    /// <param name="name">The column name.</param>
    public LibsqlValue this[string name] => new(_values[_columns.GetOrdinal(name)]);

    /// <summary>The value at a column index, converted as <see cref="LibsqlValue.GetValue{T}"/> converts it.</summary>
    /// <typeparam name="T">The target type.</typeparam>
    /// <param name="ordinal">Zero-based column index.</param>
    /// <returns>The converted value.</returns>
    public T GetValue<T>(int ordinal) => LibsqlTypeMapper.FromHrana<T>(_values[ordinal]);

    /// <summary>The value of a named column, converted as <see cref="LibsqlValue.GetValue{T}"/> converts it.</summary>
    /// <typeparam name="T">The target type.</typeparam>
    /// <param name="name">The column name (case-insensitive).</param>
    /// <returns>The converted value.</returns>
    public T GetValue<T>(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return LibsqlTypeMapper.FromHrana<T>(_values[_columns.GetOrdinal(name)]);
    }

    /// <summary>The column index of a name.</summary>
    /// <param name="name">The column name (case-insensitive).</param>
    /// <returns>The zero-based index.</returns>
    public int GetOrdinal(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _columns.GetOrdinal(name);
    }

    /// <summary>The values as natural .NET objects (null, long, double, string, byte[]).</summary>
    /// <returns>A new array.</returns>
    public object?[] ToArray() => Array.ConvertAll(_values, v => new LibsqlValue(v).ToObject());

    internal HranaValue GetRaw(int ordinal) => _values[ordinal];
}

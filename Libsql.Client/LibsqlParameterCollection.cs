using System.Collections;
using System.Data.Common;

namespace Libsql.Client;

/// <summary>The parameters of a <see cref="LibsqlCommand"/>. Lookups by name ignore the prefix.</summary>
public sealed class LibsqlParameterCollection : DbParameterCollection
{
    private readonly List<LibsqlParameter> _items = [];

    internal LibsqlParameterCollection()
    {
    }

    /// <inheritdoc/>
    public override int Count => _items.Count;

    /// <inheritdoc/>
    public override object SyncRoot => ((ICollection)_items).SyncRoot;

    /// <summary>The parameter at an index.</summary>
    /// <param name="index">The index.</param>
    public new LibsqlParameter this[int index]
    {
        get => _items[index];
        set => _items[index] = value;
    }

    /// <summary>Adds a parameter with a name and value.</summary>
    /// <param name="parameterName">The name (prefix optional); empty for positional.</param>
    /// <param name="value">The value.</param>
    /// <returns>The new parameter.</returns>
    public LibsqlParameter AddWithValue(string? parameterName, object? value)
    {
        var parameter = new LibsqlParameter(parameterName, value);
        _items.Add(parameter);
        return parameter;
    }

    /// <inheritdoc/>
    public override int Add(object value)
    {
        _items.Add(Cast(value));
        return _items.Count - 1;
    }

    /// <inheritdoc/>
    public override void AddRange(Array values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var value in values)
        {
            Add(value!);
        }
    }

    /// <inheritdoc/>
    public override void Clear() => _items.Clear();

    /// <inheritdoc/>
    public override bool Contains(object value) => value is LibsqlParameter p && _items.Contains(p);

    /// <inheritdoc/>
    public override bool Contains(string value) => IndexOf(value) >= 0;

    /// <inheritdoc/>
    public override void CopyTo(Array array, int index) => ((ICollection)_items).CopyTo(array, index);

    /// <inheritdoc/>
    public override IEnumerator GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc/>
    public override int IndexOf(object value) => value is LibsqlParameter p ? _items.IndexOf(p) : -1;

    /// <inheritdoc/>
    public override int IndexOf(string parameterName)
    {
        var bare = new LibsqlParameter(parameterName, null).BareName;
        return _items.FindIndex(p => string.Equals(p.BareName, bare, StringComparison.OrdinalIgnoreCase));
    }

    /// <inheritdoc/>
    public override void Insert(int index, object value) => _items.Insert(index, Cast(value));

    /// <inheritdoc/>
    public override void Remove(object value) => _items.Remove(Cast(value));

    /// <inheritdoc/>
    public override void RemoveAt(int index) => _items.RemoveAt(index);

    /// <inheritdoc/>
    public override void RemoveAt(string parameterName) => _items.RemoveAt(IndexOfOrThrow(parameterName));

    /// <inheritdoc/>
    protected override DbParameter GetParameter(int index) => _items[index];

    /// <inheritdoc/>
    protected override DbParameter GetParameter(string parameterName) => _items[IndexOfOrThrow(parameterName)];

    /// <inheritdoc/>
    protected override void SetParameter(int index, DbParameter value) => _items[index] = Cast(value);

    /// <inheritdoc/>
    protected override void SetParameter(string parameterName, DbParameter value) => _items[IndexOfOrThrow(parameterName)] = Cast(value);

    internal IReadOnlyList<LibsqlParameter> Items => _items;

    private int IndexOfOrThrow(string parameterName)
    {
        var index = IndexOf(parameterName);
        return index >= 0 ? index : throw new IndexOutOfRangeException($"No parameter named '{parameterName}'.");
    }

    private static LibsqlParameter Cast(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value as LibsqlParameter ?? throw new InvalidCastException($"Expected a LibsqlParameter, got {value.GetType()}.");
    }
}

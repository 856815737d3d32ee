using System.Data.Common;

namespace Libsql.Client;

/// <summary>The commands of a <see cref="LibsqlBatch"/>.</summary>
public sealed class LibsqlBatchCommandCollection : DbBatchCommandCollection
{
    private readonly List<LibsqlBatchCommand> _items = [];

    internal LibsqlBatchCommandCollection()
    {
    }

    /// <inheritdoc/>
    public override int Count => _items.Count;

    /// <inheritdoc/>
    public override bool IsReadOnly => false;

    /// <summary>The command at an index.</summary>
    /// <param name="index">The index.</param>
    public new LibsqlBatchCommand this[int index]
    {
        get => _items[index];
        set => _items[index] = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <inheritdoc/>
    public override void Add(DbBatchCommand item) => _items.Add(Cast(item));

    /// <inheritdoc/>
    public override void Clear() => _items.Clear();

    /// <inheritdoc/>
    public override bool Contains(DbBatchCommand item) => item is LibsqlBatchCommand command && _items.Contains(command);

    /// <inheritdoc/>
    public override void CopyTo(DbBatchCommand[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        for (var i = 0; i < _items.Count; i++)
        {
            array[arrayIndex + i] = _items[i];
        }
    }

    /// <inheritdoc/>
    public override IEnumerator<DbBatchCommand> GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc/>
    public override int IndexOf(DbBatchCommand item) => item is LibsqlBatchCommand command ? _items.IndexOf(command) : -1;

    /// <inheritdoc/>
    public override void Insert(int index, DbBatchCommand item) => _items.Insert(index, Cast(item));

    /// <inheritdoc/>
    public override bool Remove(DbBatchCommand item) => item is LibsqlBatchCommand command && _items.Remove(command);

    /// <inheritdoc/>
    public override void RemoveAt(int index) => _items.RemoveAt(index);

    /// <inheritdoc/>
    protected override DbBatchCommand GetBatchCommand(int index) => _items[index];

    /// <inheritdoc/>
    protected override void SetBatchCommand(int index, DbBatchCommand batchCommand) => _items[index] = Cast(batchCommand);

    private static LibsqlBatchCommand Cast(DbBatchCommand item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item as LibsqlBatchCommand ?? throw new ArgumentException($"Expected a LibsqlBatchCommand, got {item.GetType().Name}.", nameof(item));
    }
}

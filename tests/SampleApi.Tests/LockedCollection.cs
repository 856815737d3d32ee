using System.Collections;

namespace SampleApi.Tests;

/// <summary>
/// A list that several threads may add to: the in-memory OpenTelemetry exporter adds from whichever thread ends
/// an activity, and the in-process test server's requests end theirs on Kestrel threads.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class LockedCollection<T> : ICollection<T>
{
    private readonly List<T> _items = [];
    private readonly Lock _lock = new();

    /// <inheritdoc />
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    /// <inheritdoc />
    public bool IsReadOnly => false;

    /// <summary>A copy of the items at this moment.</summary>
    /// <returns>The copy.</returns>
    public IReadOnlyList<T> Snapshot()
    {
        lock (_lock)
        {
            return [.. _items];
        }
    }

    /// <inheritdoc />
    public void Add(T item)
    {
        lock (_lock)
        {
            _items.Add(item);
        }
    }

    /// <inheritdoc />
    public void Clear()
    {
        lock (_lock)
        {
            _items.Clear();
        }
    }

    /// <inheritdoc />
    public bool Contains(T item)
    {
        lock (_lock)
        {
            return _items.Contains(item);
        }
    }

    /// <inheritdoc />
    public void CopyTo(T[] array, int arrayIndex)
    {
        lock (_lock)
        {
            _items.CopyTo(array, arrayIndex);
        }
    }

    /// <inheritdoc />
    public bool Remove(T item)
    {
        lock (_lock)
        {
            return _items.Remove(item);
        }
    }

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

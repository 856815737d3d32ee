namespace Libsql.Client;

/// <summary>
/// The clients <see cref="LibsqlConnection"/>s made from connection strings share, one per connection string. The
/// cache is bounded (least recently used out): an evicted client is disposed once the last open connection using it
/// closes, so an application that builds many distinct connection strings does not keep a client (and its sockets)
/// for each forever.
/// </summary>
internal sealed class LibsqlClientCache(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private readonly Lock _lock = new();

    public static LibsqlClientCache Shared { get; } = new(64);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Leases the client for a connection string (created on first use); release it with <see cref="Release"/>.</summary>
    public Lease Acquire(string connectionString)
    {
        List<Entry>? evicted = null;
        Lease lease;
        lock (_lock)
        {
            if (_entries.TryGetValue(connectionString, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
            }
            else
            {
                // Created under the lock so concurrent first uses share one client; creating one does no I/O.
                node = _recency.AddFirst(new Entry(connectionString, new LibsqlClient(connectionString)));
                _entries.Add(connectionString, node);
                while (_entries.Count > capacity)
                {
                    var oldest = _recency.Last!;
                    _recency.RemoveLast();
                    _entries.Remove(oldest.Value.ConnectionString);
                    oldest.Value.Evicted = true;
                    if (oldest.Value.Leases == 0)
                    {
                        (evicted ??= []).Add(oldest.Value);
                    }
                }
            }

            node.Value.Leases++;
            lease = new Lease(node.Value);
        }

        evicted?.ForEach(e => e.Client.Dispose());
        return lease;
    }

    public void Release(Lease lease)
    {
        bool dispose;
        lock (_lock)
        {
            dispose = --lease.Entry.Leases == 0 && lease.Entry.Evicted;
        }

        if (dispose)
        {
            lease.Entry.Client.Dispose();
        }
    }

    /// <summary>Forgets every client; each is disposed once no open connection uses it.</summary>
    public void Clear()
    {
        List<Entry> idle;
        lock (_lock)
        {
            foreach (var entry in _recency)
            {
                entry.Evicted = true;
            }

            idle = [.. _recency.Where(e => e.Leases == 0)];
            _recency.Clear();
            _entries.Clear();
        }

        idle.ForEach(e => e.Client.Dispose());
    }

    internal sealed class Entry(string connectionString, LibsqlClient client)
    {
        public string ConnectionString { get; } = connectionString;

        public LibsqlClient Client { get; } = client;

        public int Leases { get; set; }

        public bool Evicted { get; set; }
    }

    internal readonly record struct Lease(Entry Entry)
    {
        public LibsqlClient Client => Entry.Client;
    }
}

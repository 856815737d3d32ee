using System.Collections.Concurrent;
using Libsql.Auth;
using Libsql.TestServer.Hosting;
using Libsql.TestServer.Sql;

namespace Libsql.TestServer.Namespaces;

/// <summary>
/// The databases, laid out as sqld lays them out: <c>&lt;db path&gt;/dbs/&lt;namespace&gt;/data</c>. Without
/// namespaces only <c>default</c> exists; with them, <c>default</c> plus those created through the admin API
/// (or found on disk at startup).
/// </summary>
internal sealed class NamespaceStore : IDisposable
{
    public const string DefaultNamespace = "default";

    private readonly string _root;
    private readonly bool _enabled;
    private readonly ConcurrentDictionary<string, NamespaceInfo> _namespaces = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, WriteLockWatch> _writeLocks = new(StringComparer.Ordinal);

    public NamespaceStore(string databasePath, bool enabled)
    {
        _root = Path.Combine(databasePath, "dbs");
        _enabled = enabled;
        Directory.CreateDirectory(_root);
        if (enabled)
        {
            foreach (var dir in Directory.EnumerateDirectories(_root))
            {
                if (File.Exists(Path.Combine(dir, "data")))
                {
                    var name = Path.GetFileName(dir);
                    _namespaces[name] = new NamespaceInfo(null, SqliteSession.Initialize(DataFile(name)));
                }
            }
        }

        Ensure(DefaultNamespace, null);
    }

    /// <summary>Raised after a namespace is deleted, so its streams can be closed.</summary>
    public event Action<string>? Deleted;

    public bool Enabled => _enabled;

    /// <summary>Names that cannot be a folder are refused (sqld only refuses the empty name).</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0 && name is not ("." or "..") && name.AsSpan().IndexOfAny("/\\\0") < 0;

    public bool Exists(string name) => _namespaces.ContainsKey(name) || name == DefaultNamespace;

    /// <summary>The per-namespace JWT keys given at creation (sqld's <c>jwt_key</c>), if any.</summary>
    public IReadOnlyList<LibsqlPublicKey>? JwtKeys(string name) => _namespaces.TryGetValue(name, out var info) ? info.JwtKeys : null;

    /// <summary>Opens a new connection to an existing namespace.</summary>
    public SqliteSession OpenSession(string name)
    {
        if (!Exists(name))
        {
            throw SqldHttpException.NamespaceNotFound(name);
        }

        // `default` comes back on first use after a delete, as sqld recreates it.
        Ensure(name, null);
        return SqliteSession.Open(DataFile(name), name, new NamespaceAttachTargets(this), _writeLocks.GetOrAdd(name, _ => new WriteLockWatch()));
    }

    public void Create(string name, IReadOnlyList<LibsqlPublicKey>? jwtKeys)
    {
        if (!IsValidName(name))
        {
            throw SqldHttpException.InvalidNamespace();
        }

        lock (_gate)
        {
            if (_namespaces.ContainsKey(name))
            {
                throw SqldHttpException.NamespaceExists(name);
            }

            Ensure(name, jwtKeys);
        }
    }

    public void Delete(string name)
    {
        NamespaceInfo? info;
        lock (_gate)
        {
            if (!_namespaces.TryRemove(name, out info))
            {
                throw SqldHttpException.NamespaceNotFound(name);
            }
        }

        info.Keeper.Dispose();
        _writeLocks.TryRemove(name, out _);

        Deleted?.Invoke(name);
        Directory.Delete(Path.Combine(_root, name), recursive: true);
    }

    private void Ensure(string name, IReadOnlyList<LibsqlPublicKey>? jwtKeys)
    {
        if (_namespaces.ContainsKey(name))
        {
            return;
        }

        lock (_gate)
        {
            if (_namespaces.ContainsKey(name))
            {
                return;
            }

            Directory.CreateDirectory(Path.Combine(_root, name));
            _namespaces[name] = new NamespaceInfo(jwtKeys, SqliteSession.Initialize(DataFile(name)));
        }
    }

    /// <summary>Closes the connections that keep each database open.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var info in _namespaces.Values)
            {
                info.Keeper.Dispose();
            }

            _namespaces.Clear();
        }
    }

    /// <summary>The database file of a namespace (which may not exist).</summary>
    public string DatabaseFile(string name) => DataFile(name);

    /// <summary>
    /// sqld's <c>allow_attach</c> namespace config. Nothing can set it yet, so it has sqld's default: no
    /// namespace may be attached.
    /// </summary>
    public bool AllowsAttach(string name) => false;

    private string DataFile(string name) => Path.Combine(_root, name, "data");

    // Keeper: one idle connection held for the server's life, so closing a one-shot stream's connection is not
    // the last close (which would checkpoint and delete the WAL every time).
    private sealed record NamespaceInfo(IReadOnlyList<LibsqlPublicKey>? JwtKeys, IDisposable Keeper);
}

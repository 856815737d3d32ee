using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Libsql.Auth;
using Libsql.TestServer.Hosting;
using Libsql.TestServer.Sql;
using Microsoft.Data.Sqlite;

namespace Libsql.TestServer.Namespaces;

/// <summary>
/// The databases, laid out as sqld lays them out: <c>&lt;db path&gt;/dbs/&lt;namespace&gt;/data</c>, each with its
/// <see cref="NamespaceConfig"/> beside it in <c>config.json</c>. Without namespaces only <c>default</c> exists; with
/// them, <c>default</c> plus those created through the admin API (or found on disk at startup).
/// </summary>
internal sealed class NamespaceStore : IDisposable
{
    public const string DefaultNamespace = "default";
    private const string ConfigFileName = "config.json";

    private readonly string _root;
    private readonly bool _enabled;
    private readonly ConcurrentDictionary<string, NamespaceInfo> _namespaces = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, WriteLockWatch> _writeLocks = new(StringComparer.Ordinal);
    private readonly ResponseLimits _limits;

    public NamespaceStore(string databasePath, bool enabled, ResponseLimits? limits = null)
    {
        _limits = limits ?? ResponseLimits.Default;
        _root = Path.Combine(databasePath, "dbs");
        _enabled = enabled;
        Directory.CreateDirectory(_root);
        if (enabled)
        {
            foreach (var dir in Directory.EnumerateDirectories(_root))
            {
                var name = Path.GetFileName(dir);
                if (name != DefaultNamespace && File.Exists(Path.Combine(dir, "data")))
                {
                    _namespaces[name] = Load(name, LoadConfig(name));
                }
            }
        }

        _namespaces[DefaultNamespace] = Load(DefaultNamespace, LoadConfig(DefaultNamespace));
    }

    /// <summary>Raised after a namespace is deleted, so its streams can be closed.</summary>
    public event Action<string>? Deleted;

    public bool Enabled => _enabled;

    /// <summary>Names that cannot be a folder are refused (sqld only refuses the empty name).</summary>
    public static bool IsValidName(string name) =>
        name.Length > 0 && name is not ("." or "..") && name.AsSpan().IndexOfAny("/\\\0") < 0;

    public bool Exists(string name) => _namespaces.ContainsKey(name);

    /// <summary>The per-namespace JWT keys (sqld's <c>jwt_key</c>), if the namespace has its own.</summary>
    public IReadOnlyList<LibsqlPublicKey>? JwtKeys(string name) => _namespaces.TryGetValue(name, out var info) ? info.JwtKeys : null;

    /// <summary>The settings of an existing namespace (sqld's <c>config_store</c>).</summary>
    /// <exception cref="SqldHttpException">404 when the namespace does not exist.</exception>
    public NamespaceConfig GetConfig(string name) => Info(name).Config;

    /// <summary>Replaces the settings of an existing namespace, on disk first, so a restart keeps them.</summary>
    /// <exception cref="SqldHttpException">404 when the namespace does not exist; 400 when <c>jwt_key</c> does not parse.</exception>
    public void SetConfig(string name, NamespaceConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var keys = ParseJwtKey(config.JwtKey);
        lock (_gate)
        {
            var info = Info(name);
            SaveConfig(name, config);
            _namespaces[name] = info with { Config = config, JwtKeys = keys };
        }
    }

    /// <summary>Opens a new connection to an existing namespace.</summary>
    public SqliteSession OpenSession(string name)
    {
        var info = Info(name);
        return SqliteSession.Open(DataFile(name), name, new NamespaceLookup(this), _writeLocks.GetOrAdd(name, _ => new WriteLockWatch(() => GetConfig(name).TxnTimeout)), info.Stats, _limits);
    }

    /// <summary>Opens a read-only connection to an existing namespace, outside any stream (for <c>GET /dump</c>).</summary>
    public SqliteConnection OpenReadOnly(string name)
    {
        Info(name);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DataFile(name), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public void Create(string name, NamespaceConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var keys = ParseJwtKey(config.JwtKey);
        lock (_gate)
        {
            CheckNewName(name);
            Directory.CreateDirectory(Folder(name));
            SaveConfig(name, config);
            _namespaces[name] = new NamespaceInfo(config, keys, SqliteSession.Initialize(DataFile(name)), new NamespaceStats());
        }
    }

    /// <summary>Copies <paramref name="from"/> (database and settings) to a new namespace <paramref name="to"/>, as sqld's fork.</summary>
    public void Fork(string from, string to)
    {
        lock (_gate)
        {
            var source = Info(from);
            CheckNewName(to);
            Directory.CreateDirectory(Folder(to));
            try
            {
                // SQLite's online backup reads a consistent snapshot while writers carry on.
                using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DataFile(to), Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString()))
                using (var origin = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DataFile(from), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
                {
                    origin.Open();
                    target.Open();
                    origin.BackupDatabase(target);
                }

                SaveConfig(to, source.Config);
                _namespaces[to] = new NamespaceInfo(source.Config, source.JwtKeys, SqliteSession.Initialize(DataFile(to)), new NamespaceStats());
            }
            catch
            {
                Directory.Delete(Folder(to), recursive: true);
                throw;
            }
        }
    }

    /// <summary>Moves the WAL's pages into the database file and truncates the WAL, as sqld's checkpoint does.</summary>
    /// <remarks>sqld answers 200 for a namespace it does not know, doing nothing; so does this.</remarks>
    public void Checkpoint(string name)
    {
        if (!_namespaces.ContainsKey(name))
        {
            return;
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DataFile(name), Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        command.ExecuteNonQuery();
    }

    /// <summary>The statement counters of an existing namespace (sqld's per-namespace <c>Stats</c>).</summary>
    /// <exception cref="SqldHttpException">404 when the namespace does not exist.</exception>
    public NamespaceStats Stats(string name) => Info(name).Stats;

    /// <summary>The bytes the namespace's database uses on disk (file and WAL), sqld's <c>storage_bytes_used</c>.</summary>
    public long StorageBytesUsed(string name)
    {
        Info(name);
        var data = new FileInfo(DataFile(name));
        var wal = new FileInfo(DataFile(name) + "-wal");
        return (data.Exists ? data.Length : 0) + (wal.Exists ? wal.Length : 0);
    }

    public void Delete(string name)
    {
        lock (_gate)
        {
            if (!_namespaces.TryRemove(name, out var info))
            {
                throw SqldHttpException.NamespaceNotFound(name);
            }

            info.Keeper.Dispose();
            _writeLocks.TryRemove(name, out _);
            Deleted?.Invoke(name);
            Directory.Delete(Folder(name), recursive: true);

            // `default` comes back empty, with default settings, as sqld recreates it on next use.
            if (name == DefaultNamespace)
            {
                _namespaces[name] = Load(name, NamespaceConfig.Default);
            }
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

    private static IReadOnlyList<LibsqlPublicKey>? ParseJwtKey(string? jwtKey)
    {
        try
        {
            return jwtKey is null ? null : LibsqlPublicKey.ParseMany(jwtKey);
        }
        catch (LibsqlKeyFormatException e)
        {
            throw new SqldHttpException(StatusCodes.Status400BadRequest, "Could not parse JWT decoding key(s): " + e.Message);
        }
    }

    private NamespaceInfo Info(string name) =>
        _namespaces.TryGetValue(name, out var info) ? info : throw SqldHttpException.NamespaceNotFound(name);

    private void CheckNewName(string name)
    {
        if (!IsValidName(name))
        {
            throw SqldHttpException.InvalidNamespace();
        }

        if (_namespaces.ContainsKey(name))
        {
            throw SqldHttpException.NamespaceExists(name);
        }

        // On macOS and Windows both names would open one folder, so one database with two names and two configs.
        if (_namespaces.Keys.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) is { } twin)
        {
            throw new SqldHttpException(StatusCodes.Status400BadRequest, string.Create(CultureInfo.InvariantCulture,
                $"Namespace `{name}` differs from the existing namespace `{twin}` only in letter case: on a case-insensitive file system both would share one folder; choose another name"));
        }
    }

    private NamespaceInfo Load(string name, NamespaceConfig config)
    {
        Directory.CreateDirectory(Folder(name));
        return new NamespaceInfo(config, config.JwtKey is null ? null : LibsqlPublicKey.ParseMany(config.JwtKey), SqliteSession.Initialize(DataFile(name)), new NamespaceStats());
    }

    // A config that cannot be read stops the server: starting with defaults would drop a namespace's own jwt_key
    // and open it to the server's tokens (or to everyone).
    private NamespaceConfig LoadConfig(string name)
    {
        var path = Path.Combine(Folder(name), ConfigFileName);
        if (!File.Exists(path))
        {
            return NamespaceConfig.Default;
        }

        try
        {
            var config = JsonSerializer.Deserialize(File.ReadAllBytes(path), TestServerJsonContext.Default.NamespaceConfig)
                ?? throw new JsonException("the file holds null");
            _ = config.JwtKey is null ? null : LibsqlPublicKey.ParseMany(config.JwtKey);
            return config;
        }
        catch (Exception e) when (e is JsonException or LibsqlKeyFormatException or IOException)
        {
            throw new InvalidOperationException($"The settings of namespace `{name}` in {path} cannot be read ({e.Message}). Fix or delete the file (deleting it resets the namespace to default settings, including no jwt_key of its own).", e);
        }
    }

    private void SaveConfig(string name, NamespaceConfig config)
    {
        var path = Path.Combine(Folder(name), ConfigFileName);
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(file, config, TestServerJsonContext.Default.NamespaceConfig);
            file.Flush(flushToDisk: true);
        }

        // The rename is atomic: a crash leaves the old settings or the new, never half a file.
        File.Move(temporary, path, overwrite: true);
    }

    private string Folder(string name) => Path.Combine(_root, name);

    private string DataFile(string name) => Path.Combine(_root, name, "data");

    // Keeper: one idle connection held for the server's life, so closing a one-shot stream's connection is not
    // the last close (which would checkpoint and delete the WAL every time).
    private sealed record NamespaceInfo(NamespaceConfig Config, IReadOnlyList<LibsqlPublicKey>? JwtKeys, IDisposable Keeper, NamespaceStats Stats);
}

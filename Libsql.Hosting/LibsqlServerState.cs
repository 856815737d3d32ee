using System.Collections.Concurrent;
using Libsql.Auth;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Everything a libSQL server resource knows beyond Aspire's annotations, shared by the container and the executable
/// types so that the connection string, tokens, namespaces and commands behave the same in both run modes.
/// </summary>
internal sealed class LibsqlServerState(string resourceName)
{
    private readonly Dictionary<string, string> _databases = new(StringComparer.OrdinalIgnoreCase);

    public string ResourceName { get; } = resourceName;

    public ParameterResource? SigningKey { get; set; }

    /// <summary>True when AddLibsql created the signing-key parameter (so WithoutAuth may remove it from the model).</summary>
    public bool SigningKeyIsGenerated { get; set; }

    /// <summary>Publish mode only: the public key is a deployment input, since nothing can be derived from the key at build time.</summary>
    public ParameterResource? PublicKeyParameter { get; set; }

    public ParameterResource? AuthToken { get; set; }

    /// <summary>The admin API key; set when namespaces are enabled.</summary>
    public ParameterResource? AdminKey { get; set; }

    public bool AuthEnabled => SigningKey is not null || (ExistingUrl is not null && AuthToken is not null);

    /// <summary>
    /// RunAsExisting / PublishAsExisting in the current execution mode: the URL of a server started elsewhere. Then
    /// nothing is started or published for this resource, and <see cref="AuthToken"/> is the given token.
    /// </summary>
    public ParameterResource? ExistingUrl { get; set; }

    public bool NamespacesEnabled => AdminKey is not null;

    public IReadOnlyDictionary<string, string> Databases => _databases;

    /// <summary>Namespaces created on the running server (by the ResourceReady handler).</summary>
    public ConcurrentDictionary<string, bool> CreatedNamespaces { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Local-process mode: the persistent data folder, or null for a fresh temporary folder per run.</summary>
    public string? LocalDataDirectory { get; set; }

    /// <summary>
    /// Local-process mode without a data volume: one temporary folder per AppHost run, so a restart of the process from
    /// the dashboard keeps its data for the rest of the run, as a session container would.
    /// </summary>
    public string RunDataDirectory => _runDataDirectory.Value;

    private readonly Lazy<string> _runDataDirectory = new(() =>
        Path.Combine(Path.GetTempPath(), "libsql-aspire", $"{resourceName}-{Guid.NewGuid():N}"));

    /// <summary>Init files and folders (absolute paths) added with <c>WithInitFiles</c>, in call order.</summary>
    public List<string> InitSources { get; } = [];

    /// <summary>Creation scripts added with <c>WithCreationScript</c>: namespace to its statements.</summary>
    public Dictionary<string, IReadOnlyList<string>> CreationScripts { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The services of the running AppHost, set each time the server starts.</summary>
    public IServiceProvider? Services { get; private set; }

    /// <summary>The initialization of the current start (namespaces, creation scripts, init files), once begun.</summary>
    public Task? Initialization { get; private set; }

    private readonly Lock _initializationLock = new();

    // Completed with the initialization task of the current start once it has begun; replaced on each start.
    private TaskCompletionSource<Task> _initializationBegun = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A (re)start: the next health check initializes again (what already holds data is left alone).</summary>
    public void OnStarting(IServiceProvider services)
    {
        lock (_initializationLock)
        {
            Services = services;
            Initialization = null;
            if (_initializationBegun.Task.IsCompleted)
            {
                _initializationBegun = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Begins the initialization unless it has begun for this start.</summary>
    public Task BeginInitialization(Func<Task> initialize)
    {
        lock (_initializationLock)
        {
            if (Initialization is null)
            {
                Initialization = Task.Run(initialize);
                _initializationBegun.TrySetResult(Initialization);
            }

            return Initialization;
        }
    }

    /// <summary>
    /// Waits, at most <paramref name="limit"/>, until the current start's initialization has begun and ended (either
    /// way): the checks of the server's children answer as soon as the server is initialized, not on Aspire's next
    /// poll of a resource that was not healthy yet (1 s, then 2, 3, 4 and every 5 s).
    /// </summary>
    public async Task WaitForInitializationAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        Task<Task> begun;
        lock (_initializationLock)
        {
            begun = _initializationBegun.Task;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(limit);
            var initialization = await begun.WaitAsync(timeout.Token).ConfigureAwait(false);
            await initialization.WaitAsync(timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Not initialized within the limit: the caller reports what it sees now.
        }
    }

    /// <summary>Why the server runs as a local process although a container was preferred; null otherwise.</summary>
    public string? FallbackReason { get; set; }

    public void AddDatabase(string resourceName, string namespaceName)
    {
        if (!_databases.TryAdd(resourceName, namespaceName))
        {
            throw new ArgumentException($"The libSQL server '{ResourceName}' already has a database resource named '{resourceName}'.", nameof(resourceName));
        }
    }

    public async Task<string> MintTokenAsync(LibsqlTokenOptions? options, CancellationToken cancellationToken)
    {
        using var key = await GetSigningKeyAsync(cancellationToken).ConfigureAwait(false);
        return key.MintToken(options);
    }

    /// <summary>
    /// Mints synchronously for the token parameters' value callbacks (Aspire's parameter callbacks are synchronous). The
    /// signing key parameter is resolved before any resource starts, so the wait completes at once.
    /// </summary>
    public string MintToken(LibsqlTokenOptions? options) =>
        MintTokenAsync(options, CancellationToken.None).GetAwaiter().GetResult();

    public async Task<string> GetPublicKeyAsync(CancellationToken cancellationToken)
    {
        using var key = await GetSigningKeyAsync(cancellationToken).ConfigureAwait(false);
        return key.PublicKey.ToBase64Url();
    }

    private async Task<LibsqlSigningKey> GetSigningKeyAsync(CancellationToken cancellationToken)
    {
        var parameter = SigningKey ?? throw new InvalidOperationException(ExistingUrl is not null
            ? $"The libSQL server '{ResourceName}' is an existing server (RunAsExisting/PublishAsExisting): its tokens are minted where its key lives, not by the AppHost."
            : $"The libSQL server '{ResourceName}' runs without authentication (WithoutAuth), so it has no signing key to mint tokens with.");
        var text = await parameter.GetValueAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(text))
        {
            throw new DistributedApplicationException($"The signing key parameter '{parameter.Name}' of the libSQL server '{ResourceName}' has no value.");
        }

        return ImportSigningKey(text, parameter.Name, ResourceName);
    }

    /// <summary>Imports a key, turning a format error into a message that names the parameter and never echoes the key.</summary>
    public static LibsqlSigningKey ImportSigningKey(string text, string parameterName, string resourceName)
    {
        try
        {
            return LibsqlSigningKey.Import(text);
        }
        catch (LibsqlKeyFormatException ex)
        {
            throw new DistributedApplicationException(
                $"The signing key parameter '{parameterName}' of the libSQL server '{resourceName}' is not a usable Ed25519 private key: {ex.Message} " +
                "Give a PKCS#8 PEM \"PRIVATE KEY\" block or a 32-byte seed in base64url (for example from `libsql-auth keygen`), or remove the value to let Aspire generate one.",
                ex);
        }
    }
}

using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using Libsql.Auth;
using Libsql.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>
/// Adds libSQL's server (sqld) to an Aspire application model: as the pinned container (<c>AddLibsql</c>), as a local
/// sqld-compatible process (<c>AddLibsqlExecutable</c>), or either, decided while the model is built
/// (<c>AddLibsqlWithLocalFallback</c>). Authentication is on by default.
/// </summary>
public static partial class LibsqlBuilderExtensions
{
    private const string DataRootConfigurationKey = "Libsql:DataRoot";

    /// <summary>
    /// Adds sqld as a container (<c>ghcr.io/tursodatabase/libsql-server:v0.24.33</c>) with JWT authentication on:
    /// an Ed25519 signing key is generated once (persisted in the AppHost's user secrets in run mode), sqld gets its
    /// public key, and consumers get <c>Endpoint=http://{host}:{port};AuthToken={token}</c> with a full-access token
    /// minted at run time.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name; also the connection string name consumers read (<c>ConnectionStrings:{name}</c>).</param>
    /// <param name="signingKey">A secret parameter holding the Ed25519 private key (PKCS#8 PEM or base64url seed); null = generate one.</param>
    /// <param name="port">The host port of the <c>http</c> endpoint; null = a random free port.</param>
    /// <returns>The resource builder.</returns>
    /// <exception cref="ArgumentException">The name is empty, or the given key parameter's value is not a usable key.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The port is outside 1-65535.</exception>
    public static IResourceBuilder<LibsqlServerResource> AddLibsql(this IDistributedApplicationBuilder builder, [ResourceName] string name, IResourceBuilder<ParameterResource>? signingKey = null, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ValidatePort(port);

        var resource = new LibsqlServerResource(name);
        var server = builder.AddResource(resource)
            .WithImage(LibsqlContainerImageTags.Image, LibsqlContainerImageTags.Tag)
            .WithImageRegistry(LibsqlContainerImageTags.Registry)
            .WithHttpEndpoint(port: port, targetPort: LibsqlServerResource.HttpTargetPort, name: LibsqlServerResource.HttpEndpointName)
            .WithEndpoint(targetPort: LibsqlServerResource.GrpcTargetPort, name: LibsqlServerResource.GrpcEndpointName, scheme: "http")
            .WithEnvironment("SQLD_NODE", "primary")
            // sqld alone listens on 127.0.0.1; only the image's entrypoint widens it. Say it explicitly so it holds
            // even if the entrypoint is bypassed.
            .WithEnvironment("SQLD_HTTP_LISTEN_ADDR", "0.0.0.0:8080")
            .WithArgs(context =>
            {
                // The entrypoint adds its defaults only when the first argument is exactly /bin/sqld.
                if (resource.AreNamespacesEnabled)
                {
                    context.Args.Add("/bin/sqld");
                    context.Args.Add("--enable-namespaces");
                }
            });

        ConfigureServer(server, signingKey);
        return server;
    }

    /// <summary>
    /// Adds sqld as a local process: any sqld-compatible executable (an installed <c>sqld</c> binary, or
    /// <c>Libsql.TestServer</c>), configured through sqld's environment contract (<c>SQLD_HTTP_LISTEN_ADDR</c> on the
    /// allocated port, <c>SQLD_DB_PATH</c>, <c>SQLD_AUTH_JWT_KEY</c>), with the same auth, connection string, health
    /// check and commands as <see cref="AddLibsql(IDistributedApplicationBuilder, string, IResourceBuilder{ParameterResource}?, int?)"/>.
    /// Needs no container runtime.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name; also the connection string name.</param>
    /// <param name="localProcess">The executable, its leading arguments and working directory.</param>
    /// <param name="signingKey">A secret parameter holding the Ed25519 private key; null = generate one.</param>
    /// <param name="port">The host port of the <c>http</c> endpoint; null = a random free port.</param>
    /// <returns>The resource builder.</returns>
    public static IResourceBuilder<LibsqlExecutableResource> AddLibsqlExecutable(this IDistributedApplicationBuilder builder, [ResourceName] string name, LibsqlLocalProcess localProcess, IResourceBuilder<ParameterResource>? signingKey = null, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(localProcess);
        ArgumentException.ThrowIfNullOrEmpty(localProcess.Command, nameof(localProcess));
        ValidatePort(port);

        var workingDirectory = Path.GetFullPath(localProcess.WorkingDirectory ?? ".", builder.AppHostDirectory);
        var resource = new LibsqlExecutableResource(name, localProcess.Command, workingDirectory);
        var leadingArgs = localProcess.Args?.ToArray() ?? [];
        var server = builder.AddResource(resource)
            .WithHttpEndpoint(port: port, name: LibsqlServerResource.HttpEndpointName)
            .WithArgs(context =>
            {
                foreach (var arg in leadingArgs)
                {
                    context.Args.Add(arg);
                }

                if (resource.AreNamespacesEnabled)
                {
                    context.Args.Add("--enable-namespaces");
                }
            })
            .WithEnvironment(context =>
            {
                context.EnvironmentVariables["SQLD_HTTP_LISTEN_ADDR"] =
                    ReferenceExpression.Create($"127.0.0.1:{resource.HttpEndpoint.Property(EndpointProperty.TargetPort)}");
                if (resource.AreNamespacesEnabled)
                {
                    context.EnvironmentVariables["SQLD_ADMIN_LISTEN_ADDR"] =
                        ReferenceExpression.Create($"127.0.0.1:{resource.AdminEndpoint.Property(EndpointProperty.TargetPort)}");
                }

                if (context.ExecutionContext.IsRunMode)
                {
                    var state = ((ILibsqlServerResource)resource).State;
                    var directory = state.LocalDataDirectory ?? state.RunDataDirectory;
                    Directory.CreateDirectory(directory);
                    context.EnvironmentVariables["SQLD_DB_PATH"] = Path.Combine(directory, "iku.db");
                }
            });

        ConfigureServer(server, signingKey);
        return server;
    }

    /// <summary>
    /// Adds sqld as the pinned container when a container runtime can run it, else as the given local process, with a
    /// warning in the AppHost's log and the resource's log. The choice follows <paramref name="runMode"/>, else the
    /// configuration key <c>Libsql:RunMode</c> (<c>Auto</c>, <c>Container</c>, <c>LocalProcess</c>), else <c>Auto</c>:
    /// the runtime named by <c>ASPIRE_CONTAINER_RUNTIME</c> (else docker, then podman, like Aspire) must answer
    /// <c>info</c> and hold the pinned image locally. Publish mode always uses the container.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name; also the connection string name.</param>
    /// <param name="localProcess">The sqld-compatible executable to run without a container runtime.</param>
    /// <param name="signingKey">A secret parameter holding the Ed25519 private key; null = generate one.</param>
    /// <param name="port">The host port of the <c>http</c> endpoint; null = a random free port.</param>
    /// <param name="runMode">Forces a mode; null = read <c>Libsql:RunMode</c> from configuration.</param>
    /// <returns>The resource builder, typed by the interface both run modes implement.</returns>
    public static IResourceBuilder<ILibsqlServerResource> AddLibsqlWithLocalFallback(this IDistributedApplicationBuilder builder, [ResourceName] string name, LibsqlLocalProcess localProcess, IResourceBuilder<ParameterResource>? signingKey = null, int? port = null, LibsqlRunMode? runMode = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(localProcess);

        var mode = runMode ?? LibsqlRunModeSelection.Read(builder.Configuration);
        string? fallbackReason = null;
        if (builder.ExecutionContext.IsPublishMode || mode == LibsqlRunMode.Container)
        {
            return builder.AddLibsql(name, signingKey, port);
        }

        if (mode == LibsqlRunMode.Auto)
        {
            var probe = LibsqlContainerRuntimeProbe.Probe(builder.Configuration, $"{LibsqlContainerImageTags.Registry}/{LibsqlContainerImageTags.Image}:{LibsqlContainerImageTags.Tag}");
            if (probe.CanRun)
            {
                return builder.AddLibsql(name, signingKey, port);
            }

            fallbackReason = probe.Reason;
        }

        var server = builder.AddLibsqlExecutable(name, localProcess, signingKey, port);
        if (fallbackReason is not null)
        {
            LibsqlRunModeSelection.ReportFallback(server, localProcess, fallbackReason);
        }

        return server;
    }

    /// <summary>
    /// In run mode, uses a libSQL server that runs elsewhere instead of starting one: a sqld on another machine or
    /// Turso Cloud (<c>libsql://…</c>). No container is started; every consumer gets <c>Endpoint={url};AuthToken={token}</c>
    /// and the properties <c>Uri</c>, <c>Url</c>, <c>AuthToken</c> (databases add <c>Namespace</c>/<c>Database</c>). The
    /// resource is healthy once <c>SELECT 1</c> succeeds there with the token, in each database's namespace too (a
    /// database is a namespace that must exist). Init files and creation scripts do not run on an existing server, and
    /// access children are refused (their tokens would need the server's signing key). Publish mode is unaffected.
    /// </summary>
    /// <param name="builder">The server builder (the container resource of <c>AddLibsql</c>).</param>
    /// <param name="url">A parameter holding the server's URL: <c>http://…</c>, <c>https://…</c> or <c>libsql://…</c>.</param>
    /// <param name="authToken">A secret parameter holding a token the server accepts; null for a server without auth.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The token parameter is not secret.</exception>
    /// <exception cref="InvalidOperationException">The server already has access children, or is already an existing server.</exception>
    public static IResourceBuilder<LibsqlServerResource> RunAsExisting(this IResourceBuilder<LibsqlServerResource> builder, IResourceBuilder<ParameterResource> url, IResourceBuilder<ParameterResource>? authToken)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(url);
        if (builder.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            LibsqlExistingServer.Apply(builder, url.Resource, authToken?.Resource);
        }

        return builder;
    }

    /// <summary>
    /// In publish mode, points every consumer at a libSQL server that runs elsewhere instead of publishing the sqld
    /// container: the manifest holds the two parameters and a <c>value.v0</c> connection string
    /// (<c>Endpoint={url};AuthToken={token}</c>), and no container, key or minted token. Same rules as
    /// <see cref="RunAsExisting"/> for databases and access children. Run mode is unaffected.
    /// </summary>
    /// <param name="builder">The server builder (the container resource of <c>AddLibsql</c>).</param>
    /// <param name="url">A parameter holding the server's URL: <c>http://…</c>, <c>https://…</c> or <c>libsql://…</c>.</param>
    /// <param name="authToken">A secret parameter holding a token the server accepts; null for a server without auth.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The token parameter is not secret.</exception>
    /// <exception cref="InvalidOperationException">The server already has access children, or is already an existing server.</exception>
    public static IResourceBuilder<LibsqlServerResource> PublishAsExisting(this IResourceBuilder<LibsqlServerResource> builder, IResourceBuilder<ParameterResource> url, IResourceBuilder<ParameterResource>? authToken)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(url);
        if (builder.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            LibsqlExistingServer.Apply(builder, url.Resource, authToken?.Resource);
        }

        return builder;
    }

    /// <summary>
    /// Turns authentication off: sqld accepts every request and the connection string carries no token. A warning is
    /// written to the resource's log when it starts. For throwaway experiments only.
    /// </summary>
    /// <typeparam name="T">The server resource type.</typeparam>
    /// <param name="builder">The server builder.</param>
    /// <returns>The builder.</returns>
    public static IResourceBuilder<T> WithoutAuth<T>(this IResourceBuilder<T> builder) where T : ILibsqlServerResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        var state = builder.Resource.State;
        if (state.SigningKey is null)
        {
            return builder;
        }

        if (state.SigningKeyIsGenerated)
        {
            builder.ApplicationBuilder.Resources.Remove(state.SigningKey);
        }

        state.SigningKey = null;
        state.SigningKeyIsGenerated = false;
        return builder.OnBeforeResourceStarted((resource, @event, _) =>
        {
            @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource).LogWarning(
                "libSQL server '{Name}' runs WITHOUT authentication (WithoutAuth): every request gets full access, with or without a token.", resource.Name);
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// Keeps sqld's data in a named volume (container: mounted at <c>/var/lib/sqld</c>) or, for a local process, in a
    /// persistent folder named like the volume under <c>Libsql:DataRoot</c> (default: the user's local application
    /// data folder, <c>libsql-aspire/volumes</c>). Data and tokens survive AppHost restarts.
    /// </summary>
    /// <typeparam name="T">The server resource type.</typeparam>
    /// <param name="builder">The server builder.</param>
    /// <param name="name">The volume name; null = Aspire's generated name (<c>{app}-{hash}-{resource}-data</c>).</param>
    /// <returns>The builder.</returns>
    public static IResourceBuilder<T> WithDataVolume<T>(this IResourceBuilder<T> builder, string? name = null) where T : ILibsqlServerResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        var volumeName = name ?? VolumeNameGenerator.Generate(builder, "data");
        if (builder.Resource is LibsqlServerResource container)
        {
            builder.ApplicationBuilder.CreateResourceBuilder(container).WithVolume(volumeName, LibsqlServerResource.DataPath);
        }
        else
        {
            var root = builder.ApplicationBuilder.Configuration[DataRootConfigurationKey]
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "libsql-aspire", "volumes");
            builder.Resource.State.LocalDataDirectory = Path.GetFullPath(Path.Combine(root, volumeName), builder.ApplicationBuilder.AppHostDirectory);
        }

        return builder;
    }

    /// <summary>
    /// Keeps sqld's data in a host folder: bind-mounted at <c>/var/lib/sqld</c> for the container, used directly by a
    /// local process. The image's entrypoint starts as root, creates the database directory <c>iku.db</c> inside the
    /// mount, runs <c>chown -R sqld:sqld</c> on it (uid/gid 666) and then runs sqld as uid 666. So the folder must be
    /// writable by the container's root, and afterwards <c>iku.db</c> on the host belongs to uid 666 (or the uid your
    /// runtime maps it to); the mounted folder itself keeps its owner.
    /// </summary>
    /// <typeparam name="T">The server resource type.</typeparam>
    /// <param name="builder">The server builder.</param>
    /// <param name="source">The host folder; relative paths resolve against the AppHost's directory.</param>
    /// <returns>The builder.</returns>
    public static IResourceBuilder<T> WithDataBindMount<T>(this IResourceBuilder<T> builder, string source) where T : ILibsqlServerResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(source);
        var fullPath = Path.GetFullPath(source, builder.ApplicationBuilder.AppHostDirectory);
        if (builder.Resource is LibsqlServerResource container)
        {
            builder.ApplicationBuilder.CreateResourceBuilder(container).WithBindMount(fullPath, LibsqlServerResource.DataPath);
        }
        else
        {
            builder.Resource.State.LocalDataDirectory = fullPath;
        }

        return builder;
    }

    /// <summary>
    /// Adds a database: a sqld namespace. The first call turns namespaces on (<c>--enable-namespaces</c> and an admin
    /// API on the internal <c>admin</c> endpoint, guarded by a generated admin key); the namespace is created through
    /// the admin API once the server answers, before the server and the database report healthy (again on every
    /// start; an existing namespace is kept). The database's connection string carries <c>Namespace={name}</c> and a
    /// token valid for that namespace only.
    /// </summary>
    /// <typeparam name="T">The server resource type.</typeparam>
    /// <param name="builder">The server builder.</param>
    /// <param name="name">The resource name; also the connection string name.</param>
    /// <param name="namespaceName">The namespace; null = <paramref name="name"/>. Letters, digits, '-' and '_'.</param>
    /// <returns>The database builder.</returns>
    public static IResourceBuilder<LibsqlDatabaseResource> AddDatabase<T>(this IResourceBuilder<T> builder, [ResourceName] string name, string? namespaceName = null) where T : ILibsqlServerResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        namespaceName ??= name;
        if (!NamespacePattern().IsMatch(namespaceName) || string.Equals(namespaceName, "default", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{namespaceName}' cannot be a libSQL namespace: use letters, digits, '-' and '_' (starting with a letter or digit), and not 'default'.", nameof(namespaceName));
        }

        var server = builder.Resource;
        var state = server.State;
        state.AddDatabase(name, namespaceName);
        if (!state.NamespacesEnabled)
        {
            EnableNamespaces(builder);
        }

        var token = CreateTokenParameter(builder.ApplicationBuilder, state, $"{name}-token",
            new LibsqlTokenOptions { Namespace = namespaceName, Access = LibsqlTokenAccess.ReadWrite });
        var database = new LibsqlDatabaseResource(name, namespaceName, server, token);

        var healthCheckKey = $"{name}_namespace_check";
        builder.ApplicationBuilder.Services.AddHealthChecks().AddAsyncCheck(healthCheckKey, async cancellationToken =>
        {
            if (!state.CreatedNamespaces.ContainsKey(namespaceName))
            {
                await state.WaitForInitializationAsync(LibsqlInitialization.InitializationWaitLimit, cancellationToken).ConfigureAwait(false);
            }

            return state.CreatedNamespaces.ContainsKey(namespaceName)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Namespace '{namespaceName}' has not been created yet.");
        });

        var databaseBuilder = builder.ApplicationBuilder.AddResource(database)
            .WithIconName("Database")
            .WithHealthCheck(healthCheckKey);
        LibsqlChildState.MirrorServer(databaseBuilder, server);
        LibsqlCommands.AddDatabase(databaseBuilder);
        return databaseBuilder;
    }

    /// <summary>
    /// Runs SQL files on the server's default database once, when it is empty (no tables, views, indexes or triggers
    /// yet: a new data volume or folder), before the server reports healthy, so <c>WaitFor(server)</c> means seeded.
    /// With a data volume, later starts find the objects and do not run them again. All files run in one transaction
    /// (statement by statement, split where SQLite's shell would split them): if one fails, nothing is applied, the
    /// statement and SQLite's error go to the resource's log and the server is stopped. Files are read when the server
    /// starts, in both run modes (container and local process); they are not part of a published manifest.
    /// </summary>
    /// <typeparam name="T">The server resource type.</typeparam>
    /// <param name="builder">The server builder.</param>
    /// <param name="source">A <c>.sql</c> file, or a folder whose <c>*.sql</c> files run in ordinal name order (e.g.
    /// <c>01-schema.sql</c>, <c>02-seed.sql</c>); relative paths resolve against the AppHost's directory. Call again to
    /// add more, run after the earlier ones.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The path does not exist, is not a <c>.sql</c> file, or is a folder without <c>.sql</c> files.</exception>
    public static IResourceBuilder<T> WithInitFiles<T>(this IResourceBuilder<T> builder, string source) where T : ILibsqlServerResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(source);
        var fullPath = Path.GetFullPath(source, builder.ApplicationBuilder.AppHostDirectory);
        if (Directory.Exists(fullPath))
        {
            if (Directory.GetFiles(fullPath, "*.sql").Length == 0)
            {
                throw new ArgumentException($"The init folder '{fullPath}' of libSQL server '{builder.Resource.Name}' holds no .sql files; add some or pass a .sql file.", nameof(source));
            }
        }
        else if (!File.Exists(fullPath))
        {
            throw new ArgumentException($"The init path '{fullPath}' of libSQL server '{builder.Resource.Name}' does not exist; pass a .sql file or a folder of them (relative paths start at the AppHost's directory).", nameof(source));
        }
        else if (!fullPath.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The init file '{fullPath}' of libSQL server '{builder.Resource.Name}' must end in .sql.", nameof(source));
        }

        builder.Resource.State.InitSources.Add(fullPath);
        return builder;
    }

    /// <summary>
    /// Runs SQL in a new database: once, when its namespace holds no schema objects yet (just created, or emptied),
    /// before the database (and its server) report healthy, so <c>WaitFor(database)</c> means seeded. The statements run
    /// in one transaction; if one fails, nothing is applied, the statement and SQLite's error go to the server's log and
    /// the server is stopped. Unlike Postgres's creation script, which replaces <c>CREATE DATABASE</c>, this runs inside
    /// the database after sqld created it.
    /// </summary>
    /// <param name="builder">The database builder.</param>
    /// <param name="script">One or more <c>;</c>-separated SQL statements.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The script is empty or not splittable (an unclosed quote or comment), or the namespace already has a creation script.</exception>
    public static IResourceBuilder<LibsqlDatabaseResource> WithCreationScript(this IResourceBuilder<LibsqlDatabaseResource> builder, string script)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(script);
        var database = builder.Resource;
        IReadOnlyList<string> statements;
        try
        {
            statements = LibsqlSql.SplitScript(script);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"The creation script of libSQL database '{database.Name}' cannot be split into statements: {ex.Message}", nameof(script), ex);
        }

        if (statements.Count == 0)
        {
            throw new ArgumentException($"The creation script of libSQL database '{database.Name}' holds only comments; give at least one SQL statement.", nameof(script));
        }

        var scripts = database.Parent.State.CreationScripts;
        if (scripts.ContainsKey(database.NamespaceName))
        {
            throw new ArgumentException($"Namespace '{database.NamespaceName}' of libSQL database '{database.Name}' already has a creation script; put all its statements in one call.", nameof(script));
        }

        scripts[database.NamespaceName] = statements;
        return builder;
    }

    /// <summary>
    /// Adds a read-only way into the server: a child resource whose connection string carries a read-only token
    /// (claim <c>a: ro</c>). Reference it instead of the server, e.g. <c>api.WithReference(readOnly, connectionName: "db")</c>.
    /// </summary>
    /// <typeparam name="T">The server resource type.</typeparam>
    /// <param name="builder">The server builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="expiresIn">Token lifetime from the AppHost's start; null = no expiry.</param>
    /// <returns>The access builder.</returns>
    public static IResourceBuilder<LibsqlAccessResource> AddReadOnlyAccess<T>(this IResourceBuilder<T> builder, [ResourceName] string name, TimeSpan? expiresIn = null) where T : ILibsqlServerResource =>
        builder.AddAccess(name, LibsqlTokenAccess.ReadOnly, expiresIn);

    /// <summary>
    /// Adds a way into the server with a token of its own: read-write or read-only, with or without expiry.
    /// </summary>
    /// <typeparam name="T">The server resource type.</typeparam>
    /// <param name="builder">The server builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="access">The token's access.</param>
    /// <param name="expiresIn">Token lifetime from the AppHost's start (sqld allows 60 s of leeway); null = no expiry.</param>
    /// <returns>The access builder.</returns>
    public static IResourceBuilder<LibsqlAccessResource> AddAccess<T>(this IResourceBuilder<T> builder, [ResourceName] string name, LibsqlTokenAccess access, TimeSpan? expiresIn = null) where T : ILibsqlServerResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        return AddAccessCore(builder.ApplicationBuilder, name, builder.Resource, builder.Resource, namespaceName: null, access, expiresIn);
    }

    /// <summary>Adds a read-only way into a database: a child resource whose token is read-only and scoped to its namespace.</summary>
    /// <param name="builder">The database builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="expiresIn">Token lifetime from the AppHost's start; null = no expiry.</param>
    /// <returns>The access builder.</returns>
    public static IResourceBuilder<LibsqlAccessResource> AddReadOnlyAccess(this IResourceBuilder<LibsqlDatabaseResource> builder, [ResourceName] string name, TimeSpan? expiresIn = null) =>
        builder.AddAccess(name, LibsqlTokenAccess.ReadOnly, expiresIn);

    /// <summary>Adds a way into a database with a token of its own, scoped to its namespace.</summary>
    /// <param name="builder">The database builder.</param>
    /// <param name="name">The resource name.</param>
    /// <param name="access">The token's access.</param>
    /// <param name="expiresIn">Token lifetime from the AppHost's start; null = no expiry.</param>
    /// <returns>The access builder.</returns>
    public static IResourceBuilder<LibsqlAccessResource> AddAccess(this IResourceBuilder<LibsqlDatabaseResource> builder, [ResourceName] string name, LibsqlTokenAccess access, TimeSpan? expiresIn = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return AddAccessCore(builder.ApplicationBuilder, name, builder.Resource, builder.Resource.Parent, builder.Resource.NamespaceName, access, expiresIn);
    }

    private static IResourceBuilder<LibsqlAccessResource> AddAccessCore(IDistributedApplicationBuilder appBuilder, string name, IResourceWithConnectionString parent, ILibsqlServerResource server, string? namespaceName, LibsqlTokenAccess access, TimeSpan? expiresIn)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (server.State.ExistingUrl is not null)
        {
            throw LibsqlExistingServer.AccessRefused(server.Name, name);
        }

        if (expiresIn is { } lifetime && lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresIn), lifetime, "A token lifetime must be positive.");
        }

        var token = CreateTokenParameter(appBuilder, server.State, $"{name}-token",
            new LibsqlTokenOptions { Namespace = namespaceName, Access = access, ExpiresIn = expiresIn });
        var resource = new LibsqlAccessResource(name, parent, server, namespaceName, access, expiresIn, token);
        var accessBuilder = appBuilder.AddResource(resource).WithIconName(access == LibsqlTokenAccess.ReadOnly ? "LockClosed" : "Key");
        LibsqlChildState.MirrorServer(accessBuilder, server);
        return accessBuilder;
    }

    private static void ConfigureServer<T>(IResourceBuilder<T> server, IResourceBuilder<ParameterResource>? signingKey) where T : ILibsqlServerResource
    {
        var appBuilder = server.ApplicationBuilder;
        var resource = server.Resource;
        var state = resource.State;
        var name = resource.Name;

        if (signingKey is not null)
        {
            ValidateSigningKey(signingKey.Resource, name);
            state.SigningKey = signingKey.Resource;
        }
        else
        {
            // Run mode: generated once and kept in the AppHost's user secrets (needs a UserSecretsId), so the key and
            // every token minted from it survive restarts. Publish mode: a secret input without a default, because
            // a manifest can neither generate an Ed25519 key nor hold one in plain text.
            state.SigningKey = appBuilder.ExecutionContext.IsRunMode
                ? appBuilder.AddParameter($"{name}-signing-key", new LibsqlSigningKeyParameterDefault(), secret: true, persist: true)
                    .WithDescription($"Ed25519 private key (base64url seed) that signs the tokens of libSQL server '{name}'.").Resource
                : appBuilder.AddParameter($"{name}-signing-key", secret: true)
                    .WithDescription($"Ed25519 private key that signs the tokens of libSQL server '{name}'.").Resource;
            state.SigningKeyIsGenerated = true;
        }

        if (appBuilder.ExecutionContext.IsPublishMode)
        {
            state.PublicKeyParameter = ParameterResourceBuilderExtensions.CreateParameter(appBuilder, $"{name}-public-key", secret: false);
        }

        state.AuthToken = CreateTokenParameter(appBuilder, state, $"{name}-token", LibsqlTokenOptions.FullAccess);

        server
            .WithIconName("DatabaseMultiple")
            .WithEnvironment(async context =>
            {
                if (!state.AuthEnabled)
                {
                    return;
                }

                context.EnvironmentVariables["SQLD_AUTH_JWT_KEY"] = context.ExecutionContext.IsPublishMode
                    ? state.PublicKeyParameter!
                    : await state.GetPublicKeyAsync(context.CancellationToken).ConfigureAwait(false);
            });

        LibsqlInitialization.Add(server);
        LibsqlCommands.Add(server);
    }

    private static void EnableNamespaces<T>(IResourceBuilder<T> builder) where T : ILibsqlServerResource
    {
        var state = builder.Resource.State;
        state.AdminKey = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder.ApplicationBuilder, $"{builder.Resource.Name}-admin-key", special: false);
        if (state.ExistingUrl is not null)
        {
            // An existing server's namespaces exist already; nothing here runs its admin API.
            return;
        }

        if (builder.Resource is LibsqlServerResource)
        {
            builder.WithEndpoint(targetPort: LibsqlServerResource.AdminTargetPort, name: LibsqlServerResource.AdminEndpointName, scheme: "http")
                .WithEnvironment("SQLD_ADMIN_LISTEN_ADDR", "0.0.0.0:9090");
        }
        else
        {
            builder.WithEndpoint(name: LibsqlServerResource.AdminEndpointName, scheme: "http");
        }

        builder.WithEnvironment(context => context.EnvironmentVariables["LIBSQL_ADMIN_AUTH_KEY"] = state.AdminKey);
    }

    private static ParameterResource CreateTokenParameter(IDistributedApplicationBuilder appBuilder, LibsqlServerState state, string parameterName, LibsqlTokenOptions options)
    {
        // Kept out of the model on purpose: the value is computed, not asked for. Being a secret parameter, it is
        // masked wherever Aspire knows values are sensitive, and written to a manifest as a secret input.
        return appBuilder.ExecutionContext.IsRunMode
            ? new ParameterResource(parameterName, _ => state.MintToken(options), secret: true)
            : ParameterResourceBuilderExtensions.CreateParameter(appBuilder, parameterName, secret: true);
    }

    private static void ValidateSigningKey(ParameterResource parameter, string resourceName)
    {
        // Only what the model says: the value itself is read when sqld's environment is built (never while the model
        // is built), and a malformed key fails the start with a message that names the parameter.
        if (!parameter.Secret)
        {
            throw new ArgumentException($"The signing key parameter '{parameter.Name}' of libSQL server '{resourceName}' must be secret: create it with AddParameter(\"{parameter.Name}\", secret: true).", "signingKey");
        }
    }

    private static void ValidatePort(int? port)
    {
        if (port is { } value)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(port));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 65535, nameof(port));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex NamespacePattern();
}

using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

public static partial class LibsqlBuilderExtensions
{
    /// <summary>
    /// Adds sqld as the pinned container when a container runtime can run it, else as a local sqld-compatible process
    /// found on this machine, for AppHosts that consume the packages: the executable named by the configuration key
    /// <c>Libsql:LocalServer</c>, else the <c>libsql-test-server</c> command of the <c>LibsqlAspire.TestServer.Tool</c>
    /// package in a local tool manifest (<c>.config/dotnet-tools.json</c> from the AppHost's directory upwards; run with
    /// <c>dotnet tool run</c>), else that command installed as a global tool (on PATH or in <c>~/.dotnet/tools</c>).
    /// The run mode is chosen as by
    /// <see cref="AddLibsqlWithLocalFallback(IDistributedApplicationBuilder, string, LibsqlLocalProcess, IResourceBuilder{ParameterResource}?, int?, LibsqlRunMode?)"/>.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The resource name; also the connection string name.</param>
    /// <param name="signingKey">A secret parameter holding the Ed25519 private key; null = generate one.</param>
    /// <param name="port">The host port of the <c>http</c> endpoint; null = a random free port.</param>
    /// <param name="runMode">Forces a mode; null = read <c>Libsql:RunMode</c> from configuration.</param>
    /// <returns>The resource builder, typed by the interface both run modes implement.</returns>
    /// <exception cref="InvalidOperationException">
    /// The server must run as a local process and none of those places holds one (the message says how to install the
    /// tool), or <c>Libsql:LocalServer</c> names a file or command that does not exist.
    /// </exception>
    public static IResourceBuilder<ILibsqlServerResource> AddLibsqlWithLocalFallback(this IDistributedApplicationBuilder builder, [ResourceName] string name, IResourceBuilder<ParameterResource>? signingKey = null, int? port = null, LibsqlRunMode? runMode = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return AddLibsqlWithLocalTestServer(builder, name, signingKey, port, runMode, builder.AppHostDirectory, Environment.GetEnvironmentVariable);
    }

    /// <summary>The overload above with where it searches given, for tests.</summary>
    internal static IResourceBuilder<ILibsqlServerResource> AddLibsqlWithLocalTestServer(IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource>? signingKey, int? port, LibsqlRunMode? runMode, string appHostDirectory, Func<string, string?> environment)
    {
        var (found, searched) = LibsqlLocalServerLocator.Find(builder.Configuration, appHostDirectory, environment);

        // Nothing found: the container may still be chosen, so the error waits for the decision.
        var server = builder.AddLibsqlWithLocalFallback(name, found ?? new LibsqlLocalProcess(LibsqlLocalServerLocator.ToolCommand), signingKey, port, runMode);
        if (server.Resource is LibsqlExecutableResource && LibsqlLocalServerLocator.ConfiguredExecutableProblem(builder.Configuration, appHostDirectory, environment) is { } problem)
        {
            throw new InvalidOperationException($"libSQL server '{name}' runs as a local process, and {problem}");
        }

        if (found is null && server.Resource is LibsqlExecutableResource)
        {
            var why = server.Resource.State.FallbackReason ?? $"libSQL server '{name}' is set to run as a local process (run mode LocalProcess).";
            throw new InvalidOperationException(LibsqlLocalServerLocator.NotFoundMessage(name, why, searched));
        }

        return server;
    }
}

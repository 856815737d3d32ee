namespace Libsql.TestServer.Container;

/// <summary>
/// The command the real sqld image's entrypoint would run for a given argument list and environment
/// (libsql <c>docker-entrypoint.sh</c> at libsql-server-v0.24.33): defaults are appended only when the first
/// argument is exactly <c>/bin/sqld</c>; anything else runs as given.
/// </summary>
internal static class SqldCommandLine
{
    /// <summary>The path the image's CMD names; the server binary (our test server) lives there.</summary>
    public const string SqldPath = "/bin/sqld";

    /// <summary>sqld's data path when <c>SQLD_DB_PATH</c> is unset, relative to the image's WORKDIR.</summary>
    public const string DefaultDbPath = "iku.db";

    /// <summary>Builds the argument vector to execute.</summary>
    /// <param name="args">The container's arguments (the image's CMD, or what the user passed instead).</param>
    /// <param name="environment">Reads one environment variable; null when unset.</param>
    /// <returns>The argument vector; element 0 is the program to execute.</returns>
    /// <exception cref="InvalidOperationException">No program was given, or a replica lacks <c>SQLD_PRIMARY_URL</c>.</exception>
    public static IReadOnlyList<string> Build(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        if (args.Count == 0)
        {
            throw new InvalidOperationException("No command to run: the image's CMD was overridden with an empty list.");
        }

        var command = new List<string>(args);
        if (!string.Equals(args[0], SqldPath, StringComparison.Ordinal))
        {
            return command;
        }

        // The shell script uses ${VAR:-default}, so an empty variable counts as unset.
        string Get(string name, string fallback) => environment(name) is { Length: > 0 } value ? value : fallback;

        command.Add("--db-path");
        command.Add(DbPath(environment));
        command.Add("--http-listen-addr");
        command.Add(Get("SQLD_HTTP_LISTEN_ADDR", "0.0.0.0:8080"));
        switch (Get("SQLD_NODE", "primary"))
        {
            case "primary":
                command.Add("--grpc-listen-addr");
                command.Add(Get("SQLD_GRPC_LISTEN_ADDR", "0.0.0.0:5001"));
                break;
            case "replica":
                // The script runs under `set -u`: an unset SQLD_PRIMARY_URL aborts it.
                command.Add("--primary-grpc-url");
                command.Add(environment("SQLD_PRIMARY_URL")
                    ?? throw new InvalidOperationException("SQLD_NODE=replica needs SQLD_PRIMARY_URL (the primary's gRPC URL, e.g. http://primary:5001)."));
                break;
            default:
                // "standalone" (and any other value) adds nothing, as the script's case statement does.
                break;
        }

        return command;
    }

    /// <summary>The data path the wrapper prepares and the server uses.</summary>
    /// <param name="environment">Reads one environment variable; null when unset.</param>
    /// <returns><c>SQLD_DB_PATH</c>, or <see cref="DefaultDbPath"/>.</returns>
    public static string DbPath(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment("SQLD_DB_PATH") is { Length: > 0 } path ? path : DefaultDbPath;
    }
}

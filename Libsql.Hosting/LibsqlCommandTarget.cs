#pragma warning disable ASPIREINTERACTION001 // Command arguments are experimental in Aspire 13.6.

using Libsql.Auth;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// What a dashboard command of a server or database works on: the server, and either the database's namespace or, on a
/// server with namespaces, the one the user picks (argument <c>database</c>). Commands on a server without namespaces
/// work on sqld's only database and send no namespace header.
/// </summary>
internal sealed class LibsqlCommandTarget
{
    public const string DatabaseArgumentName = "database";
    private const string DefaultNamespace = "default";

    private readonly string? _fixedNamespace;

    private LibsqlCommandTarget(ILibsqlServerResource server, string? fixedNamespace)
    {
        Server = server;
        _fixedNamespace = fixedNamespace;
    }

    public ILibsqlServerResource Server { get; }

    /// <summary>A server's commands: the database is chosen when namespaces are on.</summary>
    public static LibsqlCommandTarget ForServer(ILibsqlServerResource server) => new(server, fixedNamespace: null);

    /// <summary>A database's commands: always its namespace.</summary>
    public static LibsqlCommandTarget ForDatabase(LibsqlDatabaseResource database) => new(database.Parent, database.NamespaceName);

    /// <summary>
    /// The "which database" input of a server with namespaces; none otherwise. Built whenever Aspire reads a command's
    /// arguments (<see cref="LibsqlCommandArguments"/>), so databases added after the command are among the choices.
    /// </summary>
    public IEnumerable<InteractionInput> DatabaseArguments()
    {
        if (_fixedNamespace is not null || !Server.AreNamespacesEnabled)
        {
            yield break;
        }

        yield return new InteractionInput
        {
            Name = DatabaseArgumentName,
            Label = "Database",
            Description = "The namespace to work on.",
            InputType = InputType.Choice,
            Required = true,
            Options = [new(DefaultNamespace, DefaultNamespace), .. Server.Databases.Values.Distinct(StringComparer.Ordinal).Select(ns => new KeyValuePair<string, string>(ns, ns))],
            Value = DefaultNamespace,
        };
    }

    /// <summary>
    /// The namespace to send in <c>x-namespace</c>, or null when the server has no namespaces. A server command names one
    /// of the server's namespaces or <c>default</c>; anything else is refused rather than sent on.
    /// </summary>
    public string? ResolveNamespace(InteractionInputCollection? arguments)
    {
        if (_fixedNamespace is not null)
        {
            return _fixedNamespace;
        }

        if (!Server.AreNamespacesEnabled)
        {
            return null;
        }

        var chosen = arguments?.ContainsName(DatabaseArgumentName) == true ? arguments.GetString(DatabaseArgumentName) : null;
        if (string.IsNullOrEmpty(chosen))
        {
            return DefaultNamespace;
        }

        return chosen == DefaultNamespace || Server.Databases.Values.Contains(chosen, StringComparer.Ordinal)
            ? chosen
            : throw new ArgumentException($"'{chosen}' is not a database of libSQL server '{Server.Name}': choose 'default' or one of {string.Join(", ", Server.Databases.Values.Distinct(StringComparer.Ordinal).Select(ns => $"'{ns}'"))}.");
    }

    /// <summary>Where the result says it ran: the namespace, or the server when it has only one database.</summary>
    public string Describe(string? namespaceName) => namespaceName is null ? $"'{Server.Name}'" : $"'{namespaceName}' on '{Server.Name}'";

    /// <summary>A client on the server's Hrana HTTP endpoint.</summary>
    public async Task<HttpClient> CreateHttpClientAsync(CancellationToken cancellationToken)
    {
        var url = await Server.HttpEndpoint.GetValueAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"libSQL server '{Server.Name}' has no HTTP endpoint yet.");
        return new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>
    /// A token for one command: scoped to the namespace and valid for five minutes, so nothing the command holds stays
    /// useful for long. Null when the server runs without authentication.
    /// </summary>
    public async Task<string?> MintCommandTokenAsync(LibsqlTokenAccess access, string? namespaceName, CancellationToken cancellationToken) =>
        Server.IsAuthEnabled
            ? await Server.MintTokenAsync(new LibsqlTokenOptions { Access = access, Namespace = namespaceName, ExpiresIn = TimeSpan.FromMinutes(5) }, cancellationToken).ConfigureAwait(false)
            : null;
}

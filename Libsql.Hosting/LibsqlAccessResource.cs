using Libsql.Auth;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A way into a libSQL server or database with a token of its own: read-only and/or expiring. Reference it instead of
/// the server (e.g. <c>api.WithReference(dbReadOnly, "db")</c>) to give one consumer narrower rights. Added with
/// <c>AddReadOnlyAccess</c> or <c>AddAccess</c> on a server or database.
/// </summary>
public class LibsqlAccessResource : Resource, IResourceWithParent<IResourceWithConnectionString>, IResourceWithConnectionString, IResourceWithWaitSupport
{
    /// <summary>Creates the resource. Prefer <c>AddReadOnlyAccess</c> / <c>AddAccess</c>.</summary>
    /// <param name="name">The resource name; also the default connection string name.</param>
    /// <param name="parent">The server or database this access is for.</param>
    /// <param name="server">The server that validates the token.</param>
    /// <param name="namespaceName">The namespace the token is scoped to, or null for the whole server.</param>
    /// <param name="access">Read-write or read-only.</param>
    /// <param name="expiresIn">Lifetime of the token from the moment it is minted (AppHost start), or null for none.</param>
    /// <param name="authToken">The secret parameter holding the token.</param>
    public LibsqlAccessResource(string name, IResourceWithConnectionString parent, ILibsqlServerResource server, string? namespaceName, LibsqlTokenAccess access, TimeSpan? expiresIn, ParameterResource authToken) : base(name)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(authToken);
        Parent = parent;
        Server = server;
        NamespaceName = namespaceName;
        Access = access;
        ExpiresIn = expiresIn;
        AuthTokenParameter = authToken;
    }

    /// <summary>The server or database this access is for.</summary>
    public IResourceWithConnectionString Parent { get; }

    /// <summary>The server that validates the token.</summary>
    public ILibsqlServerResource Server { get; }

    /// <summary>The namespace the token is scoped to, or null for the whole server.</summary>
    public string? NamespaceName { get; }

    /// <summary>Read-write or read-only.</summary>
    public LibsqlTokenAccess Access { get; }

    /// <summary>Lifetime of the token from the moment it is minted, or null for none.</summary>
    public TimeSpan? ExpiresIn { get; }

    /// <summary>The secret parameter holding the token (unused without auth).</summary>
    public ParameterResource AuthTokenParameter { get; }

    /// <summary>The connection string, as the parent's but with this access's token.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        LibsqlExpressions.ConnectionString(Server, AuthTokenParameter, NamespaceName);

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
        LibsqlExpressions.Properties(Server, AuthTokenParameter, NamespaceName);
}

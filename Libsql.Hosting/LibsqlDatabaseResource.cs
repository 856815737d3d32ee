namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A libSQL database: a namespace on a sqld server started with <c>--enable-namespaces</c>. Added with
/// <c>server.AddDatabase(name)</c>; created through sqld's admin API when the server becomes ready. Its connection
/// string carries <c>Namespace=</c> and a token that is valid for this namespace only.
/// </summary>
public class LibsqlDatabaseResource : Resource, IResourceWithParent<ILibsqlServerResource>, IResourceWithConnectionString, IResourceWithWaitSupport
{
    /// <summary>Creates the resource. Prefer <c>server.AddDatabase(name)</c>.</summary>
    /// <param name="name">The resource name; also the default connection string name.</param>
    /// <param name="namespaceName">The sqld namespace.</param>
    /// <param name="parent">The server.</param>
    /// <param name="authToken">The secret parameter holding the namespace-scoped token.</param>
    public LibsqlDatabaseResource(string name, string namespaceName, ILibsqlServerResource parent, ParameterResource authToken) : base(name)
    {
        ArgumentException.ThrowIfNullOrEmpty(namespaceName);
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(authToken);
        NamespaceName = namespaceName;
        Parent = parent;
        AuthTokenParameter = authToken;
    }

    /// <summary>The sqld namespace that holds this database.</summary>
    public string NamespaceName { get; }

    /// <summary>The server.</summary>
    public ILibsqlServerResource Parent { get; }

    /// <summary>The secret parameter holding the token scoped to <see cref="NamespaceName"/> (unused without auth).</summary>
    public ParameterResource AuthTokenParameter { get; }

    /// <summary>
    /// The server's URI, <c>http://{host}:{port}</c>: sqld picks the namespace from a header, not the URI, so it is the
    /// server's (the connection property <c>Database</c> names the namespace).
    /// </summary>
    public ReferenceExpression UriExpression => Parent.UriExpression;

    /// <summary>The connection string: <c>Endpoint=http://{host}:{port};AuthToken={token};Namespace={namespace}</c>.</summary>
    public ReferenceExpression ConnectionStringExpression =>
        LibsqlExpressions.ConnectionString(Parent, AuthTokenParameter, NamespaceName);

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
        LibsqlExpressions.Properties(Parent, AuthTokenParameter, NamespaceName);
}

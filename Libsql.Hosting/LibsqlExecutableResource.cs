using Libsql.Auth;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// libSQL's server, sqld, running as a local sqld-compatible process (an installed <c>sqld</c> binary or <c>Libsql.TestServer</c>).
/// Added with <c>AddLibsqlExecutable</c> or <c>AddLibsqlWithLocalFallback</c>; it has the same environment contract, health check, commands and connection string as the container: <c>Endpoint=http://{host}:{port};AuthToken={token}</c>.
/// </summary>
public class LibsqlExecutableResource : ExecutableResource, ILibsqlServerResource
{
    private readonly LibsqlServerState _state;

    /// <summary>Creates the resource. Prefer <c>builder.AddLibsqlExecutable(...)</c>, which also configures endpoints, data folder and auth.</summary>
    /// <param name="name">The resource name; also the default connection string name.</param>
    /// <param name="command">The sqld-compatible executable (path or name on PATH).</param>
    /// <param name="workingDirectory">The absolute working directory of the process.</param>
    public LibsqlExecutableResource(string name, string command, string workingDirectory) : base(name, command, workingDirectory)
    {
        _state = new LibsqlServerState(name);
        HttpEndpoint = new(this, LibsqlServerResource.HttpEndpointName);
        AdminEndpoint = new(this, LibsqlServerResource.AdminEndpointName);
    }

    /// <inheritdoc />
    public EndpointReference HttpEndpoint { get; }

    /// <inheritdoc />
    public EndpointReference AdminEndpoint { get; }

    /// <inheritdoc />
    public EndpointReferenceExpression Host => HttpEndpoint.Property(EndpointProperty.Host);

    /// <inheritdoc />
    public EndpointReferenceExpression Port => HttpEndpoint.Property(EndpointProperty.Port);

    /// <inheritdoc />
    public ReferenceExpression UriExpression => LibsqlExpressions.Url(this);

    /// <inheritdoc />
    public ParameterResource? SigningKeyParameter => _state.SigningKey;

    /// <inheritdoc />
    public ParameterResource? AuthTokenParameter => _state.AuthEnabled ? _state.AuthToken : null;

    /// <inheritdoc />
    public bool IsAuthEnabled => _state.AuthEnabled;

    /// <inheritdoc />
    public bool AreNamespacesEnabled => _state.NamespacesEnabled;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Databases => _state.Databases;

    /// <summary>The connection string: <c>Endpoint=http://{host}:{port};AuthToken={token}</c> (no token without auth).</summary>
    public ReferenceExpression ConnectionStringExpression =>
        this.TryGetLastAnnotation<ConnectionStringRedirectAnnotation>(out var redirect)
            ? redirect.Resource.ConnectionStringExpression
            : LibsqlExpressions.ConnectionString(this, _state.AuthToken, namespaceName: null);

    LibsqlServerState ILibsqlServerResource.State => _state;

    /// <inheritdoc />
    public Task<string> MintTokenAsync(LibsqlTokenOptions? options, CancellationToken cancellationToken) =>
        _state.MintTokenAsync(options, cancellationToken);

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
        LibsqlExpressions.Properties(this, _state.AuthToken, namespaceName: null);
}

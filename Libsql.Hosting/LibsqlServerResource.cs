using Libsql.Auth;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// libSQL's server, sqld, running as the pinned container image (<c>ghcr.io/tursodatabase/libsql-server</c>).
/// Added with <c>AddLibsql</c>; its connection string is <c>Endpoint=http://{host}:{port};AuthToken={token}</c>.
/// </summary>
public class LibsqlServerResource : ContainerResource, ILibsqlServerResource
{
    internal const string HttpEndpointName = "http";
    internal const string GrpcEndpointName = "grpc";
    internal const string AdminEndpointName = "admin";
    internal const int HttpTargetPort = 8080;
    internal const int GrpcTargetPort = 5001;
    internal const int AdminTargetPort = 9090;

    /// <summary>sqld's data directory in the image (its <c>WORKDIR</c> and declared volume).</summary>
    public const string DataPath = "/var/lib/sqld";

    private readonly LibsqlServerState _state;

    /// <summary>Creates the resource. Prefer <c>builder.AddLibsql(name)</c>, which also configures image, endpoints and auth.</summary>
    /// <param name="name">The resource name; also the default connection string name.</param>
    public LibsqlServerResource(string name) : base(name)
    {
        _state = new LibsqlServerState(name);
        HttpEndpoint = new(this, HttpEndpointName);
        GrpcEndpoint = new(this, GrpcEndpointName);
        AdminEndpoint = new(this, AdminEndpointName);
    }

    /// <inheritdoc />
    public EndpointReference HttpEndpoint { get; }

    /// <summary>The endpoint named <c>grpc</c> (target port 5001): sqld's replication API for replicas.</summary>
    public EndpointReference GrpcEndpoint { get; }

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

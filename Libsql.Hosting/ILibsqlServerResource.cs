namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A libSQL server (sqld) in the application model, whichever way it runs: the sqld container
/// (<see cref="LibsqlServerResource"/>) or a local sqld-compatible process (<see cref="LibsqlExecutableResource"/>).
/// The shared builder extensions (<c>WithoutAuth</c>, <c>WithDataVolume</c>, <c>AddDatabase</c>, <c>AddAccess</c>, ...)
/// accept either, so an AppHost can decide the run mode while building the model and configure the server the same way.
/// </summary>
public interface ILibsqlServerResource : IResourceWithConnectionString, IResourceWithEndpoints, IResourceWithEnvironment, IResourceWithArgs, IResourceWithWaitSupport
{
    /// <summary>The endpoint named <c>http</c>: Hrana over HTTP and <c>GET /health</c>.</summary>
    EndpointReference HttpEndpoint { get; }

    /// <summary>The endpoint named <c>admin</c>: sqld's admin API. It exists only once namespaces are enabled (<c>AddDatabase</c>).</summary>
    EndpointReference AdminEndpoint { get; }

    /// <summary>The host of the <c>http</c> endpoint.</summary>
    EndpointReferenceExpression Host { get; }

    /// <summary>The port of the <c>http</c> endpoint.</summary>
    EndpointReferenceExpression Port { get; }

    /// <summary>
    /// The server's URI, <c>http://{host}:{port}</c>: what libSQL clients take as their URL (the connection property
    /// <c>Uri</c>, as Aspire's connection-properties convention names it).
    /// </summary>
    ReferenceExpression UriExpression { get; }

    /// <summary>The secret parameter holding the Ed25519 signing key (private), or null after <c>WithoutAuth()</c>.</summary>
    ParameterResource? SigningKeyParameter { get; }

    /// <summary>
    /// The secret parameter holding the full-access token of the connection string, or null after <c>WithoutAuth()</c>.
    /// In run mode its value is minted from the signing key when first read; in publish mode it is a deployment input.
    /// </summary>
    ParameterResource? AuthTokenParameter { get; }

    /// <summary>True unless <c>WithoutAuth()</c> was called: sqld then requires a bearer token signed by the signing key.</summary>
    bool IsAuthEnabled { get; }

    /// <summary>True once <c>AddDatabase</c> was called: sqld runs with <c>--enable-namespaces</c> and an admin API.</summary>
    bool AreNamespacesEnabled { get; }

    /// <summary>The databases added with <c>AddDatabase</c>: resource name to namespace name.</summary>
    IReadOnlyDictionary<string, string> Databases { get; }

    /// <summary>
    /// Mints a token with the server's signing key (run mode: the key is read from its parameter).
    /// </summary>
    /// <param name="options">Claims of the token; null = full access, no expiry.</param>
    /// <param name="cancellationToken">Cancels waiting for the signing key's value.</param>
    /// <returns>A compact EdDSA JWT that sqld accepts.</returns>
    /// <exception cref="InvalidOperationException">Authentication is off (<c>WithoutAuth()</c>).</exception>
    Task<string> MintTokenAsync(Libsql.Auth.LibsqlTokenOptions? options, CancellationToken cancellationToken);

    /// <summary>State shared by both run modes; internal so only this assembly implements the interface.</summary>
    internal LibsqlServerState State { get; }
}

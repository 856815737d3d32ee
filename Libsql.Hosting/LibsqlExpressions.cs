namespace Aspire.Hosting.ApplicationModel;

/// <summary>Connection strings and properties shared by the server, database and access resources.</summary>
internal static class LibsqlExpressions
{
    public static ReferenceExpression Url(ILibsqlServerResource server) =>
        server.State.ExistingUrl is { } existing
            ? ReferenceExpression.Create($"{existing}")
            : ReferenceExpression.Create($"{server.HttpEndpoint.Property(EndpointProperty.Url)}");

    /// <summary><c>Endpoint=http://host:port[;AuthToken=token][;Namespace=ns]</c>; the token stays a secret parameter reference.</summary>
    public static ReferenceExpression ConnectionString(ILibsqlServerResource server, ParameterResource? token, string? namespaceName)
    {
        // An existing server's tokens cannot be minted here: every consumer gets the token it was given.
        token = server.State.ExistingUrl is null ? token : server.State.AuthToken;
        var builder = new ReferenceExpressionBuilder();
        builder.Append($"Endpoint={Url(server)}");
        if (server.IsAuthEnabled && token is not null)
        {
            builder.Append($";AuthToken={token}");
        }

        if (namespaceName is not null)
        {
            builder.AppendLiteral(";Namespace=" + namespaceName);
        }

        return builder.Build();
    }

    /// <summary>
    /// Host and Port (not for an existing server), Uri (Aspire's connection-properties name) and Url (the same value, kept for consumers that read
    /// <c>{NAME}_URL</c>), the token twice: <c>AuthToken</c> (Aspire's casing, <c>{NAME}_AUTHTOKEN</c>) and
    /// <c>Auth_Token</c>, which becomes <c>{NAME}_AUTH_TOKEN</c>, the spelling Node and Python samples hand to
    /// <c>@libsql/client</c>'s <c>authToken</c>; on a database, <c>Database</c> (Aspire's name for the logical
    /// database) and <c>Namespace</c> (sqld's), both the namespace.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, ReferenceExpression>> Properties(ILibsqlServerResource server, ParameterResource? token, string? namespaceName)
    {
        token = server.State.ExistingUrl is null ? token : server.State.AuthToken;
        // An existing server's host and port are inside a URL parameter that is only known at deployment.
        if (server.State.ExistingUrl is null)
        {
            yield return new("Host", ReferenceExpression.Create($"{server.Host}"));
            yield return new("Port", ReferenceExpression.Create($"{server.Port}"));
        }

        yield return new("Uri", Url(server));
        yield return new("Url", Url(server));
        if (server.IsAuthEnabled && token is not null)
        {
            yield return new("AuthToken", ReferenceExpression.Create($"{token}"));
            yield return new("Auth_Token", ReferenceExpression.Create($"{token}"));
        }

        if (namespaceName is not null)
        {
            var builder = new ReferenceExpressionBuilder();
            builder.AppendLiteral(namespaceName);
            var value = builder.Build();
            yield return new("Database", value);
            yield return new("Namespace", value);
        }
    }
}

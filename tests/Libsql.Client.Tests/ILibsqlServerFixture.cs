using Libsql.Auth;

namespace Libsql.Client.Tests;

/// <summary>
/// A JWT-protected libSQL server a test class runs against: the in-process test server or real sqld. Members
/// skip the calling test when the server could not be started (no Docker, no image).
/// </summary>
public interface ILibsqlServerFixture
{
    /// <summary>The server's HTTP address.</summary>
    Uri Endpoint { get; }

    /// <summary><c>Endpoint=…;AuthToken=…</c> with a full-access token.</summary>
    string ConnectionString { get; }

    /// <summary>The full-access token in <see cref="ConnectionString"/>.</summary>
    string Token { get; }

    /// <summary>Mints a token the server trusts.</summary>
    /// <param name="options">Claims; null = full access, no expiry.</param>
    /// <returns>The JWT.</returns>
    string MintToken(LibsqlTokenOptions? options = null);

    /// <summary>A client on <see cref="ConnectionString"/>.</summary>
    /// <param name="protocol">The protocol to pin.</param>
    /// <param name="configure">Further option changes.</param>
    /// <returns>The client; the caller disposes it.</returns>
    LibsqlClient CreateClient(LibsqlProtocol protocol = LibsqlProtocol.Auto, Action<LibsqlClientOptions>? configure = null) =>
        CreateClient(ConnectionString, protocol, configure);

    /// <summary>A client on <paramref name="connectionString"/>, for the fixtures' own <c>CreateClient</c>.</summary>
    /// <param name="connectionString">The server's connection string.</param>
    /// <param name="protocol">The protocol to pin.</param>
    /// <param name="configure">Further option changes.</param>
    /// <returns>The client; the caller disposes it.</returns>
    static LibsqlClient CreateClient(string connectionString, LibsqlProtocol protocol, Action<LibsqlClientOptions>? configure)
    {
        var options = LibsqlClientOptions.Parse(connectionString);
        options.Protocol = protocol;
        configure?.Invoke(options);
        return new LibsqlClient(options);
    }
}

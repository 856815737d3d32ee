using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Libsql.Auth;
using Libsql.TestServer.Hrana;
using Libsql.TestServer.Namespaces;

namespace Libsql.TestServer.Hosting;

/// <summary>
/// sqld's request extractor: resolve the namespace (400), check it exists (404), authenticate (401), check the
/// token may use the namespace (404), and note whether it may write (a write otherwise fails with 403 later).
/// </summary>
/// <remarks>
/// <paramref name="basicCredential"/> is sqld's legacy <c>SQLD_HTTP_AUTH=basic:&lt;credential&gt;</c> (or
/// <c>always</c>); it replaces the server's JWT keys, as in sqld. <paramref name="disableDefaultNamespace"/> is
/// <c>--disable-default-namespace</c>.
/// </remarks>
internal sealed class RequestGate(NamespaceStore namespaces, LibsqlTokenValidator? validator, string? basicCredential = null, bool disableDefaultNamespace = false)
{
    private readonly ConditionalWeakTable<IReadOnlyList<LibsqlPublicKey>, LibsqlTokenValidator> _namespaceValidators = [];

    public RequestContext Authorize(HttpRequest request, string? pathNamespace = null)
    {
        var ns = pathNamespace ?? ResolveNamespace(request);
        if (!NamespaceStore.IsValidName(ns))
        {
            throw SqldHttpException.InvalidNamespace();
        }

        if (!namespaces.Exists(ns))
        {
            throw SqldHttpException.NamespaceNotFound(ns);
        }

        // A namespace created with its own jwt_key replaces the server's keys, as in sqld.
        var keys = namespaces.JwtKeys(ns);
        if (keys is null && basicCredential is not null)
        {
            return new RequestContext(ns, CanWrite: true, AuthorizeBasic(request, basicCredential), CanAttach: _ => true);
        }

        var active = keys is null ? validator : _namespaceValidators.GetValue(keys, k => new LibsqlTokenValidator(k));
        if (active is null)
        {
            return new RequestContext(ns, CanWrite: true, Credential: null, CanAttach: _ => true);
        }

        var result = active.ValidateAuthorizationHeader(request.Headers.Authorization.Count > 0 ? request.Headers.Authorization.ToString() : null);
        if (!result.IsValid)
        {
            throw new SqldHttpException(StatusCodes.Status401Unauthorized, result.FailureMessage!);
        }

        var credential = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(request.Headers.Authorization.ToString())));
        return result.GetAccess(ns) switch
        {
            LibsqlAccessLevel.ReadWrite => new RequestContext(ns, CanWrite: true, credential, result.CanAttach),
            LibsqlAccessLevel.ReadOnly => new RequestContext(ns, CanWrite: false, credential, result.CanAttach),
            _ => throw SqldHttpException.NamespaceNotFound(ns),
        };
    }

    // libsql-server auth/user_auth_strategies/http_basic.rs: the part after the first space must contain the
    // configured credential (trailing '=' trimmed); a match is full access.
    private static string AuthorizeBasic(HttpRequest request, string credential)
    {
        var header = request.Headers.Authorization.ToString();
        if (request.Headers.Authorization.Count == 0)
        {
            throw new SqldHttpException(StatusCodes.Status401Unauthorized, "Unauthorized: `Expected authorization header but none given`");
        }

        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            throw new SqldHttpException(StatusCodes.Status401Unauthorized, "Unauthorized: `Auth string does not conform to '<scheme> <token>' form`");
        }

        if (!header.AsSpan(space + 1).Contains(credential.AsSpan().TrimEnd('='), StringComparison.Ordinal))
        {
            throw new SqldHttpException(StatusCodes.Status401Unauthorized, "Unauthorized: `The `Basic` HTTP authentication credentials were rejected`");
        }

        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(header)));
    }

    // libsql-server http/user/db_factory.rs namespace_from_headers.
    private string ResolveNamespace(HttpRequest request)
    {
        if (!namespaces.Enabled)
        {
            return NamespaceStore.DefaultNamespace;
        }

        if (request.Headers.TryGetValue("x-namespace-bin", out var binary))
        {
            var text = binary.ToString().TrimEnd('=');
            var padded = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
            var bytes = new byte[padded.Length];
            return Convert.TryFromBase64String(padded, bytes, out var written) && written > 0
                ? Encoding.UTF8.GetString(bytes, 0, written)
                : throw SqldHttpException.InvalidNamespace();
        }

        if (request.Headers.TryGetValue("x-namespace", out var name))
        {
            return name.ToString();
        }

        var host = request.Headers.Host.ToString();
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0 && disableDefaultNamespace)
        {
            throw new SqldHttpException(StatusCodes.Status400BadRequest, "Invalid host header: `host header should be in the format <namespace>.<...>`");
        }

        return dot < 0 ? NamespaceStore.DefaultNamespace : host[..dot];
    }
}

namespace Libsql.Auth.Internal;

/// <summary>
/// What a valid token grants, by sqld's rules (libsql <c>auth/authenticated.rs</c>, <c>auth/authorized.rs</c>):
/// either legacy <c>a</c>/<c>id</c> claims or a <c>p</c> permission map.
/// </summary>
internal sealed class TokenGrant
{
    private readonly string? _legacyNamespace;
    private readonly LibsqlAccessLevel _legacyLevel;
    private readonly IReadOnlySet<string>? _writable;
    private readonly IReadOnlySet<string>? _readable;

    private TokenGrant(string? legacyNamespace, LibsqlAccessLevel legacyLevel, IReadOnlySet<string>? writable, IReadOnlySet<string>? readable)
    {
        _legacyNamespace = legacyNamespace;
        _legacyLevel = legacyLevel;
        _writable = writable;
        _readable = readable;
    }

    /// <summary>Legacy claims: <paramref name="level"/> on <paramref name="namespace"/>, or on every namespace when null.</summary>
    /// <param name="namespace">The <c>id</c> claim.</param>
    /// <param name="level">The level the <c>a</c> claim gives ("rw" or absent: read-write; "ro", "roa": read-only).</param>
    /// <returns>The grant.</returns>
    public static TokenGrant Legacy(string? @namespace, LibsqlAccessLevel level) => new(@namespace, level, null, null);

    /// <summary>A <c>p</c> claim: write on "rw", "rwa" and "ddl" namespaces, read-only on "ro" and "roa" ones.</summary>
    /// <param name="writable">Namespaces listed under rw, rwa or ddl.</param>
    /// <param name="readable">Namespaces listed under ro or roa.</param>
    /// <returns>The grant.</returns>
    public static TokenGrant Authorized(IReadOnlySet<string> writable, IReadOnlySet<string> readable) =>
        new(null, LibsqlAccessLevel.None, writable, readable);

    /// <summary>The access on one namespace.</summary>
    /// <param name="namespace">The namespace name.</param>
    /// <returns>The access level.</returns>
    public LibsqlAccessLevel GetAccess(string @namespace)
    {
        if (_writable is not null && _readable is not null)
        {
            // Scope tags only match the server's LIBSQL_GID, which this library has no notion of: names decide.
            return _writable.Contains(@namespace) ? LibsqlAccessLevel.ReadWrite
                : _readable.Contains(@namespace) ? LibsqlAccessLevel.ReadOnly
                : LibsqlAccessLevel.None;
        }

        return _legacyNamespace is null || _legacyNamespace == @namespace ? _legacyLevel : LibsqlAccessLevel.None;
    }
}

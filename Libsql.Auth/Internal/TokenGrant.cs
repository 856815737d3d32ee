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
    private readonly bool _legacyAttach;
    private readonly IReadOnlySet<string>? _attachable;

    private TokenGrant(string? legacyNamespace, LibsqlAccessLevel legacyLevel, bool legacyAttach, IReadOnlySet<string>? writable, IReadOnlySet<string>? readable, IReadOnlySet<string>? attachable)
    {
        _legacyNamespace = legacyNamespace;
        _legacyLevel = legacyLevel;
        _legacyAttach = legacyAttach;
        _writable = writable;
        _readable = readable;
        _attachable = attachable;
    }

    /// <summary>Legacy claims: <paramref name="level"/> on <paramref name="namespace"/>, or on every namespace when null.</summary>
    /// <param name="namespace">The <c>id</c> claim.</param>
    /// <param name="level">The level the <c>a</c> claim gives ("rw" or absent: read-write; "ro", "roa": read-only).</param>
    /// <param name="attach">The <c>a</c> claim is "roa", the only legacy level with sqld's AttachRead permission.</param>
    /// <returns>The grant.</returns>
    public static TokenGrant Legacy(string? @namespace, LibsqlAccessLevel level, bool attach = false) => new(@namespace, level, attach, null, null, null);

    /// <summary>A <c>p</c> claim: write on "rw", "rwa" and "ddl" namespaces, read-only on "ro" and "roa" ones.</summary>
    /// <param name="writable">Namespaces listed under rw, rwa or ddl.</param>
    /// <param name="readable">Namespaces listed under ro or roa.</param>
    /// <param name="attachable">Namespaces listed under roa or rwa (sqld's AttachRead permission).</param>
    /// <returns>The grant.</returns>
    public static TokenGrant Authorized(IReadOnlySet<string> writable, IReadOnlySet<string> readable, IReadOnlySet<string> attachable) =>
        new(null, LibsqlAccessLevel.None, false, writable, readable, attachable);

    /// <summary>Whether the token has sqld's AttachRead permission on a namespace (auth/authorized.rs <c>can_attach_ns</c>).</summary>
    /// <param name="namespace">The namespace name.</param>
    /// <returns>True when the token may ATTACH it.</returns>
    public bool CanAttach(string @namespace) =>
        _attachable is not null
            ? _attachable.Contains(@namespace)
            : _legacyAttach && (_legacyNamespace is null || _legacyNamespace == @namespace);

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

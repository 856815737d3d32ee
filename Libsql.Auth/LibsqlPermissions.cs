namespace Libsql.Auth;

/// <summary>
/// Fine-grained permissions, sqld's claim <c>p</c>: which namespaces a token may read, write, attach or change
/// the schema of. When a token carries <c>p</c>, sqld ignores its <c>a</c> and <c>id</c> claims, and a namespace
/// listed nowhere gets no access at all.
/// </summary>
/// <example>
/// <code>
/// var options = new LibsqlTokenOptions
/// {
///     Permissions = new LibsqlPermissions { ReadWrite = ["default"], ReadOnly = ["reports"] },
/// };
/// </code>
/// </example>
public sealed record LibsqlPermissions
{
    /// <summary>Namespaces the token may read (<c>"ro": {"ns": [...]}</c>).</summary>
    public IReadOnlyList<string> ReadOnly { get; init; } = [];

    /// <summary>Namespaces the token may read and write (<c>"rw"</c>).</summary>
    public IReadOnlyList<string> ReadWrite { get; init; } = [];

    /// <summary>Namespaces the token may read and ATTACH to another database (<c>"roa"</c>).</summary>
    public IReadOnlyList<string> ReadOnlyAttach { get; init; } = [];

    /// <summary>Namespaces the token may read, write and ATTACH (<c>"rwa"</c>).</summary>
    public IReadOnlyList<string> ReadWriteAttach { get; init; } = [];

    /// <summary>Namespaces the token may run DDL on when they share a schema database; implies write (<c>"ddl"</c>).</summary>
    public IReadOnlyList<string> Ddl { get; init; } = [];

    /// <summary>Read access to the given namespaces only.</summary>
    /// <param name="namespaces">The namespaces.</param>
    /// <returns>The permissions.</returns>
    public static LibsqlPermissions ReadOnlyOn(params string[] namespaces) => new() { ReadOnly = namespaces };

    /// <summary>Read and write access to the given namespaces only.</summary>
    /// <param name="namespaces">The namespaces.</param>
    /// <returns>The permissions.</returns>
    public static LibsqlPermissions ReadWriteOn(params string[] namespaces) => new() { ReadWrite = namespaces };
}

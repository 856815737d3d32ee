using System.Text.Json.Serialization;

namespace Libsql.Auth.Internal;

/// <summary>sqld's <c>p</c> claim on the wire (struct <c>Authorized</c>); empty scopes are left out.</summary>
internal sealed record PermissionsClaim
{
    [JsonPropertyName("ro")]
    public ScopeClaim? ReadOnly { get; init; }

    [JsonPropertyName("rw")]
    public ScopeClaim? ReadWrite { get; init; }

    [JsonPropertyName("roa")]
    public ScopeClaim? ReadOnlyAttach { get; init; }

    [JsonPropertyName("rwa")]
    public ScopeClaim? ReadWriteAttach { get; init; }

    [JsonPropertyName("ddl")]
    public ScopeClaim? Ddl { get; init; }

    /// <summary>Maps the public model, checking that no namespace name is empty (sqld rejects those).</summary>
    /// <param name="permissions">The permissions.</param>
    /// <returns>The claim.</returns>
    public static PermissionsClaim From(LibsqlPermissions permissions) => new()
    {
        ReadOnly = Scope(permissions.ReadOnly, nameof(LibsqlPermissions.ReadOnly)),
        ReadWrite = Scope(permissions.ReadWrite, nameof(LibsqlPermissions.ReadWrite)),
        ReadOnlyAttach = Scope(permissions.ReadOnlyAttach, nameof(LibsqlPermissions.ReadOnlyAttach)),
        ReadWriteAttach = Scope(permissions.ReadWriteAttach, nameof(LibsqlPermissions.ReadWriteAttach)),
        Ddl = Scope(permissions.Ddl, nameof(LibsqlPermissions.Ddl)),
    };

    private static ScopeClaim? Scope(IReadOnlyList<string>? namespaces, string name)
    {
        if (namespaces is null || namespaces.Count == 0)
        {
            return null;
        }

        if (namespaces.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException(
                $"LibsqlPermissions.{name} contains an empty namespace name; sqld rejects such a token as invalid.",
                "options");
        }

        return new ScopeClaim(namespaces);
    }
}

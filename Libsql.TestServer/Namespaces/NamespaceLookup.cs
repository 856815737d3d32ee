using Libsql.TestServer.Sql;

namespace Libsql.TestServer.Namespaces;

/// <summary>The namespaces of a <see cref="NamespaceStore"/>, as a session sees them.</summary>
internal sealed class NamespaceLookup(NamespaceStore namespaces) : INamespaceLookup
{
    /// <inheritdoc />
    public NamespaceConfig Config(string @namespace)
    {
        try
        {
            return namespaces.GetConfig(@namespace);
        }
        catch (Hosting.SqldHttpException)
        {
            // Deleted meanwhile: sqld's meta store answers with defaults (attach not allowed, nothing blocked).
            return NamespaceConfig.Default;
        }
    }

    /// <inheritdoc />
    public string? DatabaseFile(string @namespace) => namespaces.Exists(@namespace) ? namespaces.DatabaseFile(@namespace) : null;
}

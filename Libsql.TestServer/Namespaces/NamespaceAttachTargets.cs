using Libsql.TestServer.Sql;

namespace Libsql.TestServer.Namespaces;

/// <summary>The namespaces of a <see cref="NamespaceStore"/> as targets of sqld's ATTACH by namespace name.</summary>
internal sealed class NamespaceAttachTargets(NamespaceStore namespaces) : IAttachTargets
{
    /// <inheritdoc />
    public bool AllowsAttach(string @namespace) => namespaces.Exists(@namespace) && namespaces.AllowsAttach(@namespace);

    /// <inheritdoc />
    public string? DatabaseFile(string @namespace) => namespaces.Exists(@namespace) ? namespaces.DatabaseFile(@namespace) : null;
}

using Libsql.TestServer.Namespaces;

namespace Libsql.TestServer.Sql;

/// <summary>What a session needs to know about namespaces: its own settings, and what an ATTACH may reach.</summary>
internal interface INamespaceLookup
{
    /// <summary>The namespace's settings (defaults for a namespace that does not exist).</summary>
    NamespaceConfig Config(string @namespace);

    /// <summary>The namespace's database file, or null when it does not exist.</summary>
    string? DatabaseFile(string @namespace);
}

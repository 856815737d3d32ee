namespace Libsql.TestServer.Sql;

/// <summary>What an ATTACH may reach: other namespaces' databases, by name, when their config allows it.</summary>
internal interface IAttachTargets
{
    /// <summary>The namespace's <c>allow_attach</c> config (false for a namespace that does not exist).</summary>
    bool AllowsAttach(string @namespace);

    /// <summary>The namespace's database file, or null when it does not exist.</summary>
    string? DatabaseFile(string @namespace);
}

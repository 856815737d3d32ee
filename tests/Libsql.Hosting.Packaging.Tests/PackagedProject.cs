namespace Libsql.Hosting.Packaging.Tests;

/// <summary>A project of the solution that ships as a package.</summary>
/// <param name="Folder">The project's folder and file name (<c>Libsql.*</c>).</param>
/// <param name="ToolCommand">The command of a .NET tool (PackAsTool); null for a library.</param>
public sealed record PackagedProject(string Folder, string? ToolCommand = null)
{
    /// <summary>The package ID: the one prefix <c>LibsqlAspire.</c> in place of <c>Libsql.</c>.</summary>
    public string PackageId => "LibsqlAspire." + Folder["Libsql.".Length..];
}

namespace Libsql.Client;

/// <summary>A result column.</summary>
/// <param name="Name">The column name; empty when the server sent none.</param>
/// <param name="DeclaredType">The type declared in the schema (e.g. <c>INTEGER</c>), or null for expressions.</param>
public sealed record LibsqlColumn(string Name, string? DeclaredType);

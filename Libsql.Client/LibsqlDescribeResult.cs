namespace Libsql.Client;

/// <summary>What the server knows about a statement without running it.</summary>
/// <param name="Parameters">The parameters in order; a name (with its prefix) or null for positional ones.</param>
/// <param name="Columns">The result columns.</param>
/// <param name="IsExplain">Whether the statement is an EXPLAIN.</param>
/// <param name="IsReadOnly">Whether the statement leaves the database unchanged.</param>
public sealed record LibsqlDescribeResult(IReadOnlyList<string?> Parameters, IReadOnlyList<LibsqlColumn> Columns, bool IsExplain, bool IsReadOnly);

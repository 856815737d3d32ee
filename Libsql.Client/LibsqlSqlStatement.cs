namespace Libsql.Client;

/// <summary>One statement of a command's text, as <see cref="LibsqlSql.Split(string)"/> found it.</summary>
/// <param name="Sql">The statement, without its terminating semicolon.</param>
/// <param name="AnonymousParameters">How many anonymous <c>?</c> parameters it has.</param>
/// <param name="HasNumberedParameters">Whether it uses <c>?NNN</c> parameters.</param>
internal sealed record LibsqlSqlStatement(string Sql, int AnonymousParameters, bool HasNumberedParameters);

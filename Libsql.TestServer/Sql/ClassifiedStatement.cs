namespace Libsql.TestServer.Sql;

/// <summary>
/// One statement after sqld's parse step: its UTF-8 SQL and its kind, or a null kind when SQLite could not
/// prepare it yet (its table is created by an earlier step), in which case it is classified when it runs.
/// </summary>
/// <param name="Sql">The statement's UTF-8 SQL.</param>
/// <param name="Kind">sqld's kind, never <see cref="StatementKind.Unsupported"/> (those are refused).</param>
/// <param name="AttachNamespace">For an ATTACH, the namespace it names.</param>
/// <param name="AttachAlias">For an ATTACH, the schema name it gives the namespace.</param>
internal sealed record ClassifiedStatement(byte[] Sql, StatementKind? Kind, string? AttachNamespace = null, string? AttachAlias = null);

namespace Libsql.Client;

/// <summary>A SQL statement with its arguments, for <see cref="LibsqlClient.BatchAsync"/> and friends.</summary>
/// <param name="Sql">One SQL statement.</param>
/// <param name="Args">
/// null; positional values (an array or any non-string <see cref="System.Collections.IEnumerable"/>); or named values
/// (an anonymous object, or an <see cref="IDictionary{TKey, TValue}"/> with string keys). Values are mapped with
/// <see cref="LibsqlValue.From(object?)"/>. A name without a prefix gets the prefix used for it in the SQL
/// (<c>:</c>, <c>@</c> or <c>$</c>), or <c>:</c> when the SQL does not show it.
/// </param>
public sealed record LibsqlStatement(string Sql, object? Args = null);

using System.Text.Json.Nodes;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>What one statement returned: its column names, its rows as Hrana values, and the rows it changed.</summary>
/// <param name="Columns">The column names (empty for a statement without result columns).</param>
/// <param name="Rows">Every row, each value a Hrana value object (<c>{"type": "integer", "value": "1"}</c>, ...).</param>
/// <param name="AffectedRowCount">Rows inserted, updated or deleted.</param>
internal sealed record LibsqlStatementResult(IReadOnlyList<string> Columns, IReadOnlyList<List<JsonNode?>> Rows, long AffectedRowCount);

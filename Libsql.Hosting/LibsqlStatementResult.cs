using Libsql.Client;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>What one statement returned: its column names, its rows, and the rows it changed.</summary>
/// <param name="Columns">The column names (empty for a statement without result columns).</param>
/// <param name="Rows">Every row, one value per column.</param>
/// <param name="AffectedRowCount">Rows inserted, updated or deleted.</param>
internal sealed record LibsqlStatementResult(IReadOnlyList<string> Columns, IReadOnlyList<LibsqlValue[]> Rows, long AffectedRowCount);

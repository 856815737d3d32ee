namespace Libsql.Client.Hrana;

/// <summary>A request that failed (SQL or request-level error; the HTTP status is still 200).</summary>
internal sealed class HranaStreamResultError : HranaStreamResult
{
    /// <summary>The error.</summary>
    public required HranaError Error { get; init; }
}

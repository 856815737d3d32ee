namespace Libsql.Client.Hrana;

/// <summary>Forgets a stored SQL text.</summary>
internal sealed class HranaCloseSqlStreamRequest : HranaStreamRequest
{
    /// <summary>The id.</summary>
    public int SqlId { get; init; }
}

namespace Libsql.Client.Hrana;

/// <summary>Forgets a stored SQL text.</summary>
internal sealed class CloseSqlStreamRequest : StreamRequest
{
    /// <summary>The id.</summary>
    public int SqlId { get; init; }
}

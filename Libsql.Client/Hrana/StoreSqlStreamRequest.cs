namespace Libsql.Client.Hrana;

/// <summary>Stores a SQL text under an id for the life of the stream.</summary>
internal sealed class HranaStoreSqlStreamRequest : HranaStreamRequest
{
    /// <summary>The id.</summary>
    public int SqlId { get; init; }

    /// <summary>The SQL text.</summary>
    public required string Sql { get; init; }
}

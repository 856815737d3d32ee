namespace Libsql.Client.Hrana;

/// <summary>Runs one statement.</summary>
internal sealed class HranaExecuteStreamRequest : HranaStreamRequest
{
    /// <summary>The statement.</summary>
    public required HranaStatement Stmt { get; init; }
}

namespace Libsql.Client.Hrana;

/// <summary>Runs one statement.</summary>
internal sealed class ExecuteStreamRequest : StreamRequest
{
    /// <summary>The statement.</summary>
    public required HranaStatement Stmt { get; init; }
}

namespace Libsql.Client.Hrana;

/// <summary>A Hrana <c>Error</c>: message and machine-readable code.</summary>
internal sealed class HranaError
{
    /// <summary>Human-readable text.</summary>
    public required string Message { get; init; }

    /// <summary>The code, e.g. <c>SQLITE_CONSTRAINT</c> or <c>SQL_PARSE_ERROR</c> (sqld always sets it).</summary>
    public string? Code { get; init; }
}

using System.Globalization;
using Libsql.Client.Hrana;

namespace Libsql.TestServer.Sql;

/// <summary>
/// A statement-level failure (sqld's <c>StmtError</c>): reported as a Hrana error result, the HTTP request
/// still succeeds.
/// </summary>
internal sealed class StmtException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    public HranaError ToHranaError() => new() { Message = Message, Code = Code };

    public static StmtException ParseError(string detail) => new("SQL_PARSE_ERROR", $"SQL string could not be parsed: {detail}");

    /// <summary>sqld's refusal of a statement it has no kind for; the detail carries the whole SQL text.</summary>
    public static StmtException Unsupported(string sql) => ParseError("unsupported statement: " + sql);

    public static StmtException TransactionTimeout() => new("TRANSACTION_TIMEOUT", "Transaction timed out");

    public static StmtException Blocked(string? reason) => new("BLOCKED", reason is null ? "Operation was blocked" : "Operation was blocked: " + reason);

    public static StmtException ResponseTooLarge() => new("RESPONSE_TOO_LARGE", "Response is too large");

    public static StmtException NoStatement() => new("SQL_NO_STATEMENT", "SQL string does not contain any statement");

    public static StmtException ManyStatements() => new("SQL_MANY_STATEMENTS", "SQL string contains more than one statement");

    public static StmtException ArgsInvalid(string detail) => new("ARGS_INVALID", $"Arguments do not match SQL parameters: {detail}");

    public static StmtException ArgsBoth() => new("ARGS_BOTH_POSITIONAL_AND_NAMED", "Specifying both positional and named arguments is not supported");

    public static StmtException SqlStoreTooMany(int count) => new("SQL_STORE_TOO_MANY", $"The server already stores {count} SQL texts, it cannot store more");

    public static StmtException SqlStoreTooLarge(int size) => new("SQL_STORE_TOO_LARGE", $"The statement is too large to be stored: {DecimalSize(size)}/5.0 KB");

    // The bytesize crate's display, which sqld's message uses: decimal units with one decimal.
    private static string DecimalSize(long bytes) => bytes switch
    {
        < 1_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1_000.0:0.0} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1_000_000.0:0.0} MB"),
    };
}

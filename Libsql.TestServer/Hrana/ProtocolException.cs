namespace Libsql.TestServer.Hrana;

/// <summary>
/// A client bug (sqld's <c>ProtocolError</c>): the whole HTTP request fails with 400 and a text/plain body, and
/// the stream is dropped. Messages are sqld's.
/// </summary>
internal sealed class ProtocolException(string message) : Exception(message)
{
    public static ProtocolException BatonInvalid() => new("Received an invalid baton");

    public static ProtocolException BatonReused() => new("Received a baton that has already been used");

    public static ProtocolException StreamClosed() => new("Stream for this baton was closed");

    public static ProtocolException SqlIdAndSqlGiven() => new("Either `sql` or `sql_id` are required, but not both");

    public static ProtocolException SqlIdOrSqlNotGiven() => new("Either `sql` or `sql_id` are required");

    public static ProtocolException SqlNotFound(int sqlId) => new($"SQL text {sqlId} not found");

    public static ProtocolException SqlExists(int sqlId) => new($"SQL text {sqlId} already exists");

    public static ProtocolException BatchCondBadStep() => new("Invalid reference to step in a batch condition");

    public static ProtocolException NotSupported(string what) => new($"{what} is only supported in protocol version hrana3 and higher");
}

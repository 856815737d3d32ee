namespace Libsql.TestServer.Hrana;

/// <summary>The baton names a stream that expired: 400 with a Hrana Error body, code STREAM_EXPIRED.</summary>
internal sealed class StreamExpiredException() : Exception("The stream has expired due to inactivity")
{
    public const string Code = "STREAM_EXPIRED";
}

namespace Libsql.TestServer.Hrana;

/// <summary>The body encoding of an endpoint.</summary>
internal enum HranaEncoding
{
    /// <summary>JSON.</summary>
    Json,

    /// <summary>Protobuf.</summary>
    Protobuf,
}

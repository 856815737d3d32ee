namespace Libsql.Client;

/// <summary>Which Hrana-over-HTTP encoding to speak.</summary>
public enum LibsqlProtocol
{
    /// <summary>Probe once per endpoint: <c>/v3-protobuf</c>, then <c>/v3</c>, then <c>/v2</c>.</summary>
    Auto,

    /// <summary>Hrana 3 over Protobuf (<c>/v3-protobuf/pipeline</c>, <c>/v3-protobuf/cursor</c>).</summary>
    Protobuf,

    /// <summary>Hrana 3 over JSON (<c>/v3/pipeline</c>, <c>/v3/cursor</c>).</summary>
    Json,

    /// <summary>Hrana 2 over JSON (<c>/v2/pipeline</c>); no cursor, no autocommit condition.</summary>
    JsonV2,
}

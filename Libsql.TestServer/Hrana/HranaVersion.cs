namespace Libsql.TestServer.Hrana;

/// <summary>The Hrana version an endpoint speaks; v3 adds get_autocommit, is_autocommit and cursors.</summary>
internal enum HranaVersion
{
    /// <summary><c>/v1/execute</c> and <c>/v1/batch</c>: one statement or batch, no stream.</summary>
    V1 = 1,

    /// <summary><c>/v2/pipeline</c>.</summary>
    V2 = 2,

    /// <summary><c>/v3/*</c> and <c>/v3-protobuf/*</c>.</summary>
    V3 = 3,
}

namespace Libsql.Client.Hrana;

/// <summary>The five SQLite storage classes a Hrana <c>Value</c> can carry.</summary>
internal enum HranaValueType
{
    /// <summary>SQL NULL.</summary>
    Null,

    /// <summary>A 64-bit signed integer.</summary>
    Integer,

    /// <summary>A 64-bit IEEE float.</summary>
    Float,

    /// <summary>A UTF-8 string.</summary>
    Text,

    /// <summary>Binary data.</summary>
    Blob,
}

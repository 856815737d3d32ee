namespace Libsql.Client;

/// <summary>The storage class of a <see cref="LibsqlValue"/> (SQLite's five fundamental types).</summary>
public enum LibsqlValueType
{
    /// <summary>SQL NULL.</summary>
    Null,

    /// <summary>A 64-bit signed integer.</summary>
    Integer,

    /// <summary>A 64-bit IEEE floating-point number.</summary>
    Real,

    /// <summary>A UTF-8 string.</summary>
    Text,

    /// <summary>Binary data.</summary>
    Blob,
}

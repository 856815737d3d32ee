namespace Libsql.Auth;

/// <summary>What a validated token allows on one namespace.</summary>
public enum LibsqlAccessLevel
{
    /// <summary>No access: sqld answers 404 "Namespace `x` doesn't exist".</summary>
    None,

    /// <summary>Reads only: sqld answers writes with 403.</summary>
    ReadOnly,

    /// <summary>Reads and writes.</summary>
    ReadWrite,
}

namespace Libsql.Auth;

/// <summary>What a token minted from <see cref="LibsqlTokenOptions"/> may do (sqld's legacy claim <c>a</c>).</summary>
public enum LibsqlTokenAccess
{
    /// <summary>Read and write (<c>"a": "rw"</c>, sqld's default when <c>a</c> is absent).</summary>
    ReadWrite,

    /// <summary>Read only (<c>"a": "ro"</c>): writes fail with 403.</summary>
    ReadOnly,
}

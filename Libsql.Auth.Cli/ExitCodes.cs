namespace Libsql.Auth.Cli;

/// <summary>The tool's exit codes, so scripts can tell a rejected token from a typo.</summary>
internal static class ExitCodes
{
    /// <summary>Done; for <c>verify</c>: the token is accepted.</summary>
    public const int Success = 0;

    /// <summary><c>verify</c>: sqld would reject the token.</summary>
    public const int Rejected = 1;

    /// <summary>Bad input: unknown option, unreadable file, malformed key or duration.</summary>
    public const int BadInput = 2;
}

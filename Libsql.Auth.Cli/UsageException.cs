namespace Libsql.Auth.Cli;

/// <summary>Input the tool cannot work with; its message is shown to the user, who can fix it.</summary>
internal sealed class UsageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UsageException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What to fix.</param>
    public UsageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What to fix.</param>
    /// <param name="innerException">The underlying error.</param>
    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

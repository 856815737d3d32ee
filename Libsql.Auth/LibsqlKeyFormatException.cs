namespace Libsql.Auth;

/// <summary>
/// Key text that cannot be used: the message says what is wrong and how to fix it. It never contains
/// the key itself, so it is safe to log.
/// </summary>
public class LibsqlKeyFormatException : FormatException
{
    /// <summary>Creates the exception with a message that explains the problem.</summary>
    public LibsqlKeyFormatException()
        : base("The key text is not in a format libSQL accepts.")
    {
    }

    /// <summary>Creates the exception with a message that explains the problem.</summary>
    /// <param name="message">What is wrong with the key text and how to fix it; must not contain the key.</param>
    public LibsqlKeyFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that revealed the problem.</summary>
    /// <param name="message">What is wrong with the key text and how to fix it; must not contain the key.</param>
    /// <param name="innerException">The underlying error.</param>
    public LibsqlKeyFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

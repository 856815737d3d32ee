namespace Libsql.Auth;

/// <summary>
/// A token sqld would reject, raised by <see cref="LibsqlTokenValidationResult.EnsureValid"/>. The message gives sqld's
/// 401 text and what is wrong (e.g. "the token has 2 dot-separated parts"); it never contains the token.
/// </summary>
public class LibsqlTokenException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LibsqlTokenException()
        : base("The token is not valid for sqld.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong; must not contain the token.</param>
    public LibsqlTokenException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong; must not contain the token.</param>
    /// <param name="innerException">The underlying error.</param>
    public LibsqlTokenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a failed validation.</summary>
    /// <param name="failure">Why sqld would reject the token.</param>
    /// <param name="message">What is wrong; must not contain the token.</param>
    public LibsqlTokenException(LibsqlTokenFailure failure, string message)
        : base(message)
    {
        Failure = failure;
    }

    /// <summary>Why sqld would reject the token.</summary>
    public LibsqlTokenFailure Failure { get; }
}

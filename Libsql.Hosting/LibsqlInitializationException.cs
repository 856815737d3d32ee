namespace Aspire.Hosting.ApplicationModel;

/// <summary>A creation script or init file failed; the message names the statement and the server's error, never a token.</summary>
internal sealed class LibsqlInitializationException : DistributedApplicationException
{
    public LibsqlInitializationException(string message) : base(message)
    {
    }

    public LibsqlInitializationException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

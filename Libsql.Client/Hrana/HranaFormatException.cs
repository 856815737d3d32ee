namespace Libsql.Client.Hrana;

/// <summary>A Hrana body (JSON or Protobuf) that cannot be decoded: a protocol error.</summary>
internal sealed class HranaFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public HranaFormatException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

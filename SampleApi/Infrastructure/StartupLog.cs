namespace SampleApi.Infrastructure;

/// <summary>Log lines written before the service is fully wired.</summary>
internal static partial class StartupLog
{
    [LoggerMessage(
        Level = LogLevel.Critical,
        Message = "No database configured: set the connection string ConnectionStrings:db (environment variable " +
                  "ConnectionStrings__db), e.g. http://127.0.0.1:8080 or Endpoint=http://127.0.0.1:8080;AuthToken=<token>. " +
                  "Under the Aspire AppHost, WithReference(db) sets it.")]
    public static partial void MissingConnectionString(ILogger logger);
}

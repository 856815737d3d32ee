namespace Libsql.TestServer.Hosting;

/// <summary>sqld's HTTP error body.</summary>
internal sealed record SqldErrorBody(string Error);

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A sqld-compatible executable that a libSQL server resource can run instead of the container: an installed
/// <c>sqld</c> binary, or <c>Libsql.TestServer</c>.
/// </summary>
/// <param name="Command">The executable: a path or a name found on PATH (e.g. <c>sqld</c>, or <c>dotnet</c> with the test server's dll as first argument).</param>
/// <param name="Args">Arguments placed before the ones the integration adds (e.g. the dll path for <c>dotnet</c>).</param>
/// <param name="WorkingDirectory">The working directory; relative paths resolve against the AppHost's directory. Null = the AppHost's directory.</param>
public sealed record LibsqlLocalProcess(string Command, IReadOnlyList<string>? Args = null, string? WorkingDirectory = null);

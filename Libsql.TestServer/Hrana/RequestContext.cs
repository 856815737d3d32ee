namespace Libsql.TestServer.Hrana;

/// <summary>Who is asking, for which database: the resolved namespace and whether the token may write.</summary>
internal sealed record RequestContext(string Namespace, bool CanWrite);

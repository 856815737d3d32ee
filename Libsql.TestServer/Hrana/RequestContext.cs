namespace Libsql.TestServer.Hrana;

/// <summary>
/// Who is asking, for which database: the resolved namespace, whether the token may write, and which namespaces
/// it may ATTACH (sqld's <c>AttachRead</c> permission; every one without auth).
/// </summary>
internal sealed record RequestContext(string Namespace, bool CanWrite, Func<string, bool> CanAttach);

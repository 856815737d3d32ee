namespace Libsql.TestServer.Hrana;

/// <summary>
/// Who is asking, for which database: the resolved namespace, whether the token may write, a fingerprint of the
/// credential (null when auth is off), which binds a stream to the credential that opened it, and which namespaces
/// it may ATTACH (sqld's <c>AttachRead</c> permission; every one without auth).
/// </summary>
internal sealed record RequestContext(string Namespace, bool CanWrite, string? Credential, Func<string, bool> CanAttach);

namespace Libsql.TestServer.Hrana;

/// <summary>
/// Who is asking, for which database: the resolved namespace, whether the token may write, and a fingerprint of
/// the credential (null when auth is off), which binds a stream to the credential that opened it.
/// </summary>
internal sealed record RequestContext(string Namespace, bool CanWrite, string? Credential = null);

namespace Libsql.Client.Hrana;

/// <summary>Response to <see cref="CloseSqlStreamRequest"/>.</summary>
internal sealed class CloseSqlStreamResponse : StreamResponse;

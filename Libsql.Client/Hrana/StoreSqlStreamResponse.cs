namespace Libsql.Client.Hrana;

/// <summary>Response to <see cref="StoreSqlStreamRequest"/>.</summary>
internal sealed class StoreSqlStreamResponse : StreamResponse;

namespace Libsql.Client.Hrana;

/// <summary>Response to <see cref="HranaStoreSqlStreamRequest"/>.</summary>
internal sealed class HranaStoreSqlStreamResponse : HranaStreamResponse;

namespace Libsql.Client.Hrana;

/// <summary>Response to <see cref="HranaCloseSqlStreamRequest"/>.</summary>
internal sealed class HranaCloseSqlStreamResponse : HranaStreamResponse;

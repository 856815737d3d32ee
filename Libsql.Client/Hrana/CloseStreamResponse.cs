namespace Libsql.Client.Hrana;

/// <summary>Response to <see cref="HranaCloseStreamRequest"/>.</summary>
internal sealed class HranaCloseStreamResponse : HranaStreamResponse;

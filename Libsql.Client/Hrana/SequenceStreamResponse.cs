namespace Libsql.Client.Hrana;

/// <summary>Response to <see cref="HranaSequenceStreamRequest"/>.</summary>
internal sealed class HranaSequenceStreamResponse : HranaStreamResponse;

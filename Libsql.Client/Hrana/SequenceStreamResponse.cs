namespace Libsql.Client.Hrana;

/// <summary>Response to <see cref="SequenceStreamRequest"/>.</summary>
internal sealed class SequenceStreamResponse : StreamResponse;

namespace Libsql.Client.Hrana;

/// <summary>Response to <see cref="CloseStreamRequest"/>.</summary>
internal sealed class CloseStreamResponse : StreamResponse;

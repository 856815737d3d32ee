namespace Libsql.Client.Hrana;

/// <summary>Closes the stream; the response baton is then null.</summary>
internal sealed class HranaCloseStreamRequest : HranaStreamRequest;

namespace Libsql.Client.Hrana;

/// <summary>Asks whether the stream is outside a transaction (Hrana 3).</summary>
internal sealed class HranaGetAutocommitStreamRequest : HranaStreamRequest;

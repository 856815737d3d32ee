namespace Libsql.Client.Hrana;

/// <summary>True when the stream is outside an explicit transaction (Hrana 3).</summary>
internal sealed class HranaIsAutocommitBatchCondition : HranaBatchCondition;

namespace SampleApi.Tests;

/// <summary>
/// Activity listeners are process-wide, so tests that read exported spans run alone: otherwise spans of the hosts
/// other test classes run at the same time would land in their collections.
/// </summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;

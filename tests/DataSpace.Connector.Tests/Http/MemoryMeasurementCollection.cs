namespace DataSpace.Connector.Tests.Http;

/// <summary>
/// Runs <see cref="BodyFloodTests"/> after the parallel tests, alone: it measures the process's resident set, which
/// other tests' allocations running beside it would inflate (a run under load once measured +109 MiB that way).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "Memory measurement";
}

namespace DataSpace.Gateway.Tests.Diagnostics;

/// <summary>Runs <see cref="ReplicaMetricsTests"/> after the parallel tests, alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReplicaMetricsCollection
{
    public const string Name = "Replica metrics";
}

#pragma warning disable
namespace DataSpace.Sandbox.Aggregation
{
    public enum NoiseMechanism { None, Laplace, Gaussian }
    public sealed record AggregationLimits;
    public sealed record AggregateResult { public System.Collections.Generic.IReadOnlyList<object> Groups { get; init; } = []; public int SuppressedGroups { get; init; } }
    public sealed class AggregateAccumulator
    {
        public AggregateAccumulator(AggregationLimits limits) { }
        public int DeclareMeasure(string name, double lower, double upper) => 0;
        public int Group(System.ReadOnlySpan<byte> key) => key.Length;
        public void BeginBatch(int rows) { }
        public void Assign(System.ReadOnlySpan<int> rows, System.ReadOnlySpan<int> groups) { }
        public void Contribute(int measure, System.ReadOnlySpan<int> rows, System.ReadOnlySpan<int> groups, System.ReadOnlySpan<double> values) { }
    }
}

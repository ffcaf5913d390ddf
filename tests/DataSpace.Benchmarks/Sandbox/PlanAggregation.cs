using System.Text;
using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Plans;

namespace DataSpace.Benchmarks.Sandbox;

/// <summary>
/// The sample job's statistics as an analysis plan (docs/analysis-plans.md), evaluated by the host over the same
/// batches: count, sum and mean of income and tax per region, clamped; released with noise (Laplace, epsilon 1) or
/// exactly (minimum group size 10).
/// </summary>
internal static class PlanAggregation
{
    public static AnalysisPlan Plan { get; } = PlanParser.Parse(Encoding.UTF8.GetBytes($$"""
        {"format": "dataspace/analysis-plan/v1", "dataset": "bench",
         "groupBy": [{"column": "region", "values": [{{string.Join(", ", Enumerable.Range(1000, BenchData.Groups))}}]}],
         "measures": [{"column": "income", "bounds": [0, 1000000]}, {"column": "tax", "bounds": [0, 500000]}]}
        """));

    public static PlanResult Run(BenchData data, bool noisy) => PlanRunner.Run(new PlanRun
    {
        Plan = Plan,
        Dataset = new PlanDataset { Id = "bench", Schema = data.Schema },
        Data = data,
        Release = noisy
            ? new PlanReleaseOptions { Mechanism = NoiseMechanism.Laplace, Epsilon = 1, MinGroupSize = 10 }
            : new PlanReleaseOptions { Mechanism = NoiseMechanism.None, MinGroupSize = 10 },
    }, CancellationToken.None);
}

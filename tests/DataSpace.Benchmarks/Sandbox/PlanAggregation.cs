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

    /// <summary>The same with a row function: income clamped through a WebAssembly <c>derive</c> (income × 0.12) per row.</summary>
    public static AnalysisPlan WithRowFunction { get; } = PlanParser.Parse(Encoding.UTF8.GetBytes($$"""
        {"format": "dataspace/analysis-plan/v1", "dataset": "bench",
         "groupBy": [{"column": "region", "values": [{{string.Join(", ", Enumerable.Range(1000, BenchData.Groups))}}]}],
         "derive": [{"name": "levy", "inputs": [{"column": "income"}],
                     "wasm": "{{Convert.ToBase64String(Wasmtime.Module.ConvertText("(module (func (export \"derive\") (param f64) (result f64) local.get 0 f64.const 0.12 f64.mul))"))}}"}],
         "measures": [{"column": "income", "bounds": [0, 1000000]}, {"derived": "levy", "bounds": [0, 500000]}]}
        """));

    public static PlanResult Run(BenchData data, bool noisy, bool rowFunction = false) => PlanRunner.Run(new PlanRun
    {
        Plan = rowFunction ? WithRowFunction : Plan,
        Dataset = new PlanDataset { Id = "bench", Schema = data.Schema },
        Data = data,
        Release = noisy
            ? new PlanReleaseOptions { Mechanism = NoiseMechanism.Laplace, Epsilon = 1, MinGroupSize = 10 }
            : new PlanReleaseOptions { Mechanism = NoiseMechanism.None, MinGroupSize = 10 },
    }, CancellationToken.None);
}

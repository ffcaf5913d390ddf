using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Plans;

/// <summary>Binds, evaluates and releases a plan (docs/analysis-plans.md): the host computes every statistic; no job code runs.</summary>
public static class PlanRunner
{
    /// <summary>Runs the plan on the calling thread; the result is what may leave.</summary>
    /// <exception cref="PlanException">The plan does not fit the data (a column missing or of another type, an identifying column used).</exception>
    /// <exception cref="DataSourceException">The data could not be read.</exception>
    /// <exception cref="OperationCanceledException">The token fired.</exception>
    public static PlanResult Run(PlanRun run, CancellationToken cancellationToken) => Run(run, noise: null, cancellationToken);

    internal static PlanResult Run(PlanRun run, INoiseSource? noise, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if ((run.JoinedDataset is null) != (run.JoinedData is null))
        {
            throw new ArgumentException("a joined dataset needs its data, and data its dataset", nameof(run));
        }

        var bound = PlanBinder.Bind(run.Plan, run.Dataset, run.JoinedDataset, new PlanBindOptions { Noisy = run.Release.Mechanism != NoiseMechanism.None });
        var state = PlanEvaluator.Evaluate(bound, run.Data, run.JoinedData, run.Rows, cancellationToken);
        return PlanRelease.Release(state, run.Release, noise);
    }
}

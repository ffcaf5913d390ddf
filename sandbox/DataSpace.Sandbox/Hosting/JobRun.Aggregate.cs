using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Hosting;

/// <summary>The release of an aggregate job: host-computed, thresholded, noised where the policy asks.</summary>
internal sealed partial class JobRun
{
    /// <summary>The release options a vetting asks for; throws <see cref="ArgumentException"/> when they are inconsistent.</summary>
    internal static ReleaseOptions ReleaseOptionsOf(JobVetting vetting)
    {
        var options = new ReleaseOptions
        {
            MinGroupSize = vetting.MinGroupSize,
            Mechanism = vetting.Mechanism,
            Epsilon = vetting.Mechanism == NoiseMechanism.None ? null : vetting.Epsilon,
            Delta = vetting.Mechanism == NoiseMechanism.Gaussian ? vetting.Delta : null,
        };
        AggregateRelease.Validate(options);
        return options;
    }

    private JobOutcome FinishAggregate()
    {
        try
        {
            CheckGroupKeys();
        }
        catch (JobViolationException e)
        {
            return Failed((JobFailureKind.Violation, e.Message));
        }

        var options = ReleaseOptionsOf(_request.Vetting);
        var state = _aggregate!.Snapshot();
        if (options.Mechanism == NoiseMechanism.None)
        {
            // The total is released without noise: it must be the rows the run was given, not how many the job chose to pull.
            state = state with { TotalRows = state.TotalRows + RowsNotPulled() };
        }

        if (_request.Partial)
        {
            // One task of a split job: its state is merged with the others' and released once, by the connector.
            return Outcome(JobStatus.Released) with { PartialState = state };
        }

        var result = AggregateRelease.Release(state, options, _noise);
        return Outcome(JobStatus.Released) with { Aggregate = result };
    }

    /// <summary>Counts, host-side, the rows of the dataset the job did not pull (none are shown to it).</summary>
    private long RowsNotPulled()
    {
        if (_exhausted || _columns.Length == 0)
        {
            return 0;
        }

        var rows = 0L;
        using var rest = _batches is null ? _request.Data.ReadBatches([_columns[0]], _limits.BatchRows, _cancellation).GetEnumerator() : null;
        var batches = _batches ?? rest!;
        while (batches.MoveNext())
        {
            rows += batches.Current.Length;
            if (_request.Data.BatchesAreOwned)
            {
                BatchMemory.Release(batches.Current);
            }
        }

        _exhausted = true;
        return rows;
    }
}

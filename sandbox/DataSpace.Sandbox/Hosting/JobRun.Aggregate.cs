using DataSpace.Sandbox.Aggregation;

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

        var result = AggregateRelease.Release(_aggregate!.Snapshot(), ReleaseOptionsOf(_request.Vetting), _noise);
        return Outcome(JobStatus.Released) with { Aggregate = result };
    }
}

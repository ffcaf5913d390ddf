namespace DataSpace.Sandbox.Hosting;

internal sealed partial class JobRun
{
    private JobOutcome FinishAggregate() => Outcome(JobStatus.Released);
}

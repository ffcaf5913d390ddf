namespace DataSpace.Sandbox.Hosting;

/// <summary>Vetting after a successful run: only what passes leaves.</summary>
internal sealed partial class JobRun
{
    private JobOutcome Finish() => _request.OutputKind switch
    {
        OutputKind.Aggregate => FinishAggregate(),
        _ => Failed((JobFailureKind.HostError, "not yet")),
    };

    private JobOutcome FinishAggregate()
    {
        _ = _aggregate!;
        return Outcome(JobStatus.Released);
    }
}

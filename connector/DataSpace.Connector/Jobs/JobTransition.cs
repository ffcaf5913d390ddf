using DataSpace.Connector.Model;

namespace DataSpace.Connector.Jobs;

/// <summary>
/// One transition of the job state machine, as data (docs/connector-service.md, "Job lifecycle"): the state it leaves
/// (null for a new job), the state it reaches, and the one log entry it writes.
/// </summary>
public sealed record JobTransition(string Name, JobState? From, JobState To, string Action, string Decision)
{
    public override string ToString() => $"{Name}: {(From is { } from ? from.ToString() : "new")} -> {To} ({Action} {Decision})";
}

namespace DataSpace.Connector.Model;

/// <summary>Where a job is in its life: submitted → approved or rejected → running → released, refused or failed.</summary>
public enum JobState
{
    Submitted,
    Approved,
    Rejected,
    Running,
    Released,
    Refused,
    Failed,
}

using DataSpace.Connector.Model;
using DataSpace.Policy.Model;

namespace DataSpace.Connector.Plans;

/// <summary>One dataset a plan job reads, with the agreement it reads it under and that agreement's policy.</summary>
internal sealed record PlanRead(Agreement Agreement, OdrlPolicy Policy, Dataset Dataset)
{
    public string DatasetId => Dataset.Id;
}

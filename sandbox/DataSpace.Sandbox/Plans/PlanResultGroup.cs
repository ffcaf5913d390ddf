using System.Text.Json.Serialization;

namespace DataSpace.Sandbox.Plans;

/// <summary>A released group: its key (one label per dimension), its count and its measures' statistics.</summary>
public sealed record PlanResultGroup(IReadOnlyList<string> Key, long Count, IReadOnlyList<PlanResultValue> Values)
{
    /// <summary>The group's position in the plan's domain (for the host's records; the key says the same to a reader).</summary>
    [JsonIgnore]
    public int Index { get; init; }
}

namespace DataSpace.Sandbox.Plans;

/// <summary>A released group: its key (one label per dimension), its count and its measures' statistics.</summary>
public sealed record PlanResultGroup(IReadOnlyList<string> Key, long Count, IReadOnlyList<PlanResultValue> Values);

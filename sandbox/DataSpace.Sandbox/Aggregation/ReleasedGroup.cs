namespace DataSpace.Sandbox.Aggregation;

/// <summary>A group that passed the minimum group size.</summary>
/// <param name="Key">The group key.</param>
/// <param name="Count">Distinct rows in the group; noisy when a mechanism is on.</param>
/// <param name="Measures">One value per measure, in the order of <see cref="AggregateResult.Measures"/>.</param>
public sealed record ReleasedGroup(string Key, long Count, IReadOnlyList<ReleasedValue> Measures);

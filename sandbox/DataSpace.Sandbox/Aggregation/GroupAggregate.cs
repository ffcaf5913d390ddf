namespace DataSpace.Sandbox.Aggregation;

/// <summary>One group's exact aggregate: never released as it is.</summary>
/// <param name="Key">The group key the job chose.</param>
/// <param name="Rows">Distinct rows assigned to the group, over all measures.</param>
/// <param name="Measures">One total per declared measure, in declaration order.</param>
public sealed record GroupAggregate(string Key, long Rows, IReadOnlyList<MeasureTotal> Measures);

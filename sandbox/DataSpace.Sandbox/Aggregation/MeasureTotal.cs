namespace DataSpace.Sandbox.Aggregation;

/// <summary>
/// One measure's total within one group.
/// </summary>
/// <param name="Rows">Rows that contributed to this measure in this group.</param>
/// <param name="Sum">Sum of the clamped values, accumulated with Neumaier's compensated summation.</param>
/// <param name="GridSum">
/// Exact integer sum of the clamped values each rounded to the measure's grid
/// (round(value / <see cref="MeasureDeclaration.Granularity"/>)); noisy release starts from it.
/// </param>
public sealed record MeasureTotal(long Rows, double Sum, long GridSum);

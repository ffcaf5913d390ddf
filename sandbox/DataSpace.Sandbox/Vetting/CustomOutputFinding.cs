namespace DataSpace.Sandbox.Vetting;

/// <summary>
/// One reason to refuse custom output. It may be shown to the operator, so it holds the column name and the
/// 1-based input row number, never the value found.
/// </summary>
/// <param name="Kind">What was found.</param>
/// <param name="Column">The identifying column, for <see cref="CustomOutputFindingKind.IdentifyingValue"/>; otherwise null.</param>
/// <param name="Row">The 1-based input row, in the data source's order; null when the finding is not about a row.</param>
public sealed record CustomOutputFinding(CustomOutputFindingKind Kind, string? Column, long? Row);

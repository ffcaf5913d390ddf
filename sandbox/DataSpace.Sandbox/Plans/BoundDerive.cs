namespace DataSpace.Sandbox.Plans;

/// <summary>A derived column: its row function and where its inputs are read.</summary>
internal sealed record BoundDerive(RowFunction Function, IReadOnlyList<ColumnSource> Inputs);

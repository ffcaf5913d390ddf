using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Plans;

/// <summary>
/// Where a plan column is read: the dataset (0 the plan's, 1 the joined one, 2 the derived columns), its position in
/// that side's list, its type.
/// </summary>
internal readonly record struct ColumnSource(int Side, int Index, ColumnType Type);

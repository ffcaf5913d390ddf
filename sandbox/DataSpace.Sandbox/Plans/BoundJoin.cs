namespace DataSpace.Sandbox.Plans;

/// <summary>The join: the key's position in each side's read list.</summary>
internal sealed record BoundJoin(ColumnSource LeftKey, ColumnSource RightKey);

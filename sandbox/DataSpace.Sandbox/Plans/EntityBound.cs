namespace DataSpace.Sandbox.Plans;

/// <summary>An entity column of one side and how many of an entity's rows count.</summary>
internal sealed record EntityBound(ColumnSource Source, int MaxRows);

namespace DataSpace.Sandbox.Data;

/// <summary>One column of a dataset: its name, type and whether it may hold nulls.</summary>
public sealed record ColumnSchema(string Name, ColumnType Type, bool Nullable);

namespace DataSpace.Sandbox.Plans;

/// <summary>A dimension: its column, the matcher of its domain and the stride of its position in a group's index.</summary>
internal sealed record BoundDimension(ColumnSource Source, ValueMatcher Matcher, int Stride);

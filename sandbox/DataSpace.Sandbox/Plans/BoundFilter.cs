namespace DataSpace.Sandbox.Plans;

/// <summary>A filter: membership in <see cref="Matcher"/> (eq, isAnyOf), non-membership (neq, isNoneOf) or an order comparison.</summary>
internal sealed record BoundFilter(ColumnSource Source, ValueMatcher? Matcher, bool Members, OrderFilter? Order);

namespace DataSpace.Sandbox.Plans;

/// <summary>
/// A derived column: a pure WebAssembly function of a row's number columns (docs/analysis-plans.md, "Derived
/// columns"). The module has no memory, table, global, import or start function, so its result depends on the row's
/// inputs alone: it cannot remember one row at another, and each row still contributes once, clamped.
/// </summary>
public sealed record PlanDerive
{
    /// <summary>The name measures use (<c>"derived": name</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The columns passed to <c>derive</c>, in order, as float64.</summary>
    public required IReadOnlyList<PlanColumn> Inputs { get; init; }

    /// <summary>The module, exporting only <c>derive: (f64 × inputs) -> f64</c>.</summary>
    public required RowFunction Function { get; init; }
}

namespace DataSpace.Sandbox.Plans;

/// <summary>A measure of a plan's result: its name, bounds and what is released of it.</summary>
public sealed record PlanResultMeasure(
    string Name, double Lower, double Upper, bool Variance, IReadOnlyList<double>? Histogram, IReadOnlyList<double> Quantiles);

namespace DataSpace.Sandbox.Aggregation;

/// <summary>A measure as released: its declaration and how its sums were made private.</summary>
/// <param name="Name">The measure's name.</param>
/// <param name="Lower">Lower clamp bound.</param>
/// <param name="Upper">Upper clamp bound.</param>
/// <param name="Sensitivity">max(|Lower|, |Upper|): how far one row moves a sum.</param>
/// <param name="Granularity">Grid step of noisy sums (Sensitivity / 2^20); 0 when no noise is added.</param>
public sealed record ReleasedMeasure(string Name, double Lower, double Upper, double Sensitivity, double Granularity);

namespace DataSpace.Sandbox.Aggregation;

/// <summary>One measure of one released group.</summary>
/// <param name="Name">The measure's name.</param>
/// <param name="Sum">
/// Sum of the clamped values; with noise, a multiple of the measure's granularity
/// (<see cref="ReleasedMeasure.Granularity"/>) with discrete noise added.
/// </param>
/// <param name="Mean">Sum / Count of the group (rows that did not contribute count as 0); post-processing only.</param>
public sealed record ReleasedValue(string Name, double Sum, double Mean);

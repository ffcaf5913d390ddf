namespace DataSpace.Sandbox.Plans;

/// <summary>How the plan will be released, as far as binding must know it.</summary>
public sealed record PlanBindOptions
{
    /// <summary>
    /// The release adds noise (differential privacy). Without noise a plan may not ask for histograms or quantiles:
    /// each bin would be a group of its own, released below the minimum group size.
    /// </summary>
    public required bool Noisy { get; init; }
}

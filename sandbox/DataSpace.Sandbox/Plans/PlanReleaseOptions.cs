using DataSpace.Sandbox.Aggregation;

namespace DataSpace.Sandbox.Plans;

/// <summary>How a plan's statistics are released: the agreement's policy decides these, not the plan.</summary>
public sealed record PlanReleaseOptions
{
    /// <summary>
    /// Groups with fewer rows are withheld: with noise, fewer <em>noisy</em> rows (the true count never decides);
    /// without, fewer true rows. At least 1.
    /// </summary>
    public required long MinGroupSize { get; init; }

    /// <summary>The noise; <see cref="NoiseMechanism.None"/> releases exact values (where the policy allows it).</summary>
    public required NoiseMechanism Mechanism { get; init; }

    /// <summary>The release's total epsilon, split evenly over its queries; required with noise.</summary>
    public double? Epsilon { get; init; }

    /// <summary>The release's total delta (Gaussian only), split evenly over its queries.</summary>
    public double? Delta { get; init; }
}

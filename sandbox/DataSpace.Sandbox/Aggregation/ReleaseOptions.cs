namespace DataSpace.Sandbox.Aggregation;

/// <summary>How an aggregate is released: the policy decides these, not the job.</summary>
public sealed record ReleaseOptions
{
    /// <summary>Groups with fewer rows are suppressed (with noise: fewer true or noisy rows). At least 1.</summary>
    public int MinGroupSize { get; init; } = 10;

    /// <summary>The noise mechanism; <see cref="NoiseMechanism.None"/> releases exact values.</summary>
    public NoiseMechanism Mechanism { get; init; } = NoiseMechanism.Laplace;

    /// <summary>Total privacy budget of the release; required for Laplace and Gaussian, finite and above 0.</summary>
    public double? Epsilon { get; init; }

    /// <summary>Total delta of the release; required for Gaussian (0 &lt; delta &lt; 1), not allowed otherwise.</summary>
    public double? Delta { get; init; }
}

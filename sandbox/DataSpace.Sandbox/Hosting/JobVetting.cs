using DataSpace.Sandbox.Aggregation;

namespace DataSpace.Sandbox.Hosting;

/// <summary>
/// How a run's output is vetted before anything leaves. Safe defaults: groups of fewer than 10 rows
/// are suppressed, models need 100 rows.
/// </summary>
public sealed record JobVetting
{
    /// <summary>Groups with fewer distinct rows are suppressed.</summary>
    public int MinGroupSize { get; init; } = 10;

    /// <summary>Differential-privacy noise on aggregates; <see cref="NoiseMechanism.None"/> for none.</summary>
    public NoiseMechanism Mechanism { get; init; } = NoiseMechanism.None;

    /// <summary>Privacy budget spent by this release when noise is on.</summary>
    public double? Epsilon { get; init; }

    /// <summary>Delta for the Gaussian mechanism.</summary>
    public double? Delta { get; init; }

    /// <summary>Fewest usable rows a model may be trained on.</summary>
    public int MinTrainingRows { get; init; } = 100;

    /// <summary>Columns whose values must never appear in custom output (need not be granted to the job).</summary>
    public IReadOnlyList<string> IdentifyingColumns { get; init; } = [];

    /// <summary>Seed for deterministic model training.</summary>
    public int TrainingSeed { get; init; } = 1;
}

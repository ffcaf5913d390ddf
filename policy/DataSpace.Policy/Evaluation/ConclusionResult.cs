using DataSpace.Policy.Model;

namespace DataSpace.Policy.Evaluation;

/// <summary>The answer of <see cref="PolicyEvaluator.Conclude"/>: can some job be permitted, and if not, why not.</summary>
public sealed record ConclusionResult
{
    public required bool MayPermit { get; init; }

    /// <summary>Why no job can be permitted; empty when one may be.</summary>
    public ValueList<DecisionReason> Reasons { get; init; } = [];
}

using DataSpace.Policy.Model;

namespace DataSpace.Policy.Evaluation;

/// <summary>
/// The outcome of evaluating a request: permit with the obligations to carry out, or deny with every reason.
/// Permit decisions are built once per permission when the policy is compiled, so a permit allocates nothing.
/// </summary>
public sealed record Decision
{
    public DecisionEffect Effect { get; init; }

    /// <summary>Why the request was denied; empty on permit.</summary>
    public ValueList<DecisionReason> Reasons { get; init; } = [];

    /// <summary>What the connector must carry out on permit; empty on deny.</summary>
    public ValueList<Obligation> Obligations { get; init; } = [];

    /// <summary>The JSON path of the permission that applies (<c>permission[0]</c>); null on deny.</summary>
    public string? Permission { get; init; }

    /// <summary>The permission that applies, as in the policy; null on deny.</summary>
    public Rule? PermittedBy { get; init; }

    public bool IsPermitted => Effect == DecisionEffect.Permit;

    public static Decision Deny(ValueList<DecisionReason> reasons) => new() { Effect = DecisionEffect.Deny, Reasons = reasons };

    public override string ToString() => IsPermitted
        ? $"Permit by {Permission}" + (Obligations.Count == 0 ? "" : $"; obligations: {string.Join("; ", Obligations)}")
        : $"Deny: {string.Join("; ", Reasons)}";
}

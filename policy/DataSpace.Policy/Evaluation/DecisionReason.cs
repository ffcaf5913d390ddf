namespace DataSpace.Policy.Evaluation;

/// <summary>
/// One reason for a denial: where in the policy (the JSON path of the atomic rule and constraint, for example
/// <c>permission[0].constraint[1]</c>, or <c>request.purpose</c>) and what, expected against actual.
/// </summary>
public sealed record DecisionReason(string Path, ReasonKind Kind, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

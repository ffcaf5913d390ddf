using DataSpace.Policy.Model;

namespace DataSpace.Policy.JsonLd;

/// <summary>The outcome of parsing a policy: the policy, or every error found.</summary>
public sealed record PolicyParseResult
{
    public OdrlPolicy? Policy { get; init; }

    public ValueList<PolicyError> Errors { get; init; } = [];

    /// <summary>Where each node of <see cref="Policy"/> was written in the document.</summary>
    public PolicySourceMap Sources { get; init; } = PolicySourceMap.Empty;

    public bool IsSuccess => Policy is not null;

    public static PolicyParseResult Success(OdrlPolicy policy, PolicySourceMap? sources = null) => new() { Policy = policy, Sources = sources ?? PolicySourceMap.Empty };

    public static PolicyParseResult Failure(ValueList<PolicyError> errors) => new() { Errors = errors };

    public override string ToString() => IsSuccess ? "policy" : string.Join(Environment.NewLine, Errors);
}

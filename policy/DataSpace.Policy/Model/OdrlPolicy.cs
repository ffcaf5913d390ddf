namespace DataSpace.Policy.Model;

/// <summary>An ODRL 2.2 policy (ODRL IM §2.1): a Set, Offer or Agreement and its rules.</summary>
public sealed record OdrlPolicy
{
    public PolicyType Type { get; init; }

    /// <summary>The policy's IRI (<c>uid</c> or <c>@id</c>).</summary>
    public string? Uid { get; init; }

    /// <summary>The ODRL profiles the policy conforms to.</summary>
    public ValueList<string> Profiles { get; init; } = [];

    /// <summary>Policies this one inherits from (<c>inheritFrom</c>), kept for the evaluator to refuse or resolve.</summary>
    public ValueList<string> InheritFrom { get; init; } = [];

    public ConflictStrategy? Conflict { get; init; }

    /// <summary>Policy-level assigner, the default for every rule without one.</summary>
    public Party? Assigner { get; init; }

    /// <summary>Policy-level assignee, the default for every rule without one.</summary>
    public Party? Assignee { get; init; }

    /// <summary>Policy-level target, the default for every rule without one.</summary>
    public Asset? Target { get; init; }

    public ValueList<Rule> Permissions { get; init; } = [];

    public ValueList<Rule> Prohibitions { get; init; } = [];

    /// <summary>Duties that apply to the policy as a whole (<c>obligation</c>).</summary>
    public ValueList<Rule> Obligations { get; init; } = [];
}

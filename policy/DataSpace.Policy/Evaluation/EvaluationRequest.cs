using DataSpace.Policy.Model;

namespace DataSpace.Policy.Evaluation;

/// <summary>
/// What a request asks to do, with the facts a policy's constraints are checked against.
/// A fact left null is missing: a constraint on it denies (fail closed), except <see cref="GroupSize"/>
/// under a minimum-group-size constraint, which becomes an obligation (docs/policy-profile.md, "Evaluation").
/// </summary>
public sealed record EvaluationRequest
{
    /// <summary>The action requested; <see cref="ActionKind.Unknown"/> is always denied.</summary>
    public ActionKind Action { get; init; }

    /// <summary>The dataset (asset) IRI.</summary>
    public string? Target { get; init; }

    /// <summary>The requesting party's IRI; must equal a rule's assignee when one is set.</summary>
    public string? Assignee { get; init; }

    /// <summary>The stated purpose (<c>odrl:purpose</c>); a request without one is denied.</summary>
    public string? Purpose { get; init; }

    /// <summary>The time of the request (<c>odrl:dateTime</c>), from an injected <see cref="TimeProvider"/>.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Uses so far under the agreement (<c>odrl:count</c>), this one included.</summary>
    public long? UseCount { get; init; }

    /// <summary>Time since the agreement started (<c>odrl:elapsedTime</c>).</summary>
    public TimeSpan? Elapsed { get; init; }

    /// <summary>The columns the job reads (<c>dsc:column</c>).</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>The job module's digest, <c>sha256:&lt;hex&gt;</c> or <c>sm3:&lt;hex&gt;</c> (<c>dsc:moduleDigest</c>).</summary>
    public string? ModuleDigest { get; init; }

    /// <summary>The output kind, <c>dsc:aggregate</c>, <c>dsc:model</c> or <c>dsc:custom</c> (<c>dsc:outputKind</c>).</summary>
    public string? OutputKind { get; init; }

    /// <summary>The differential-privacy epsilon the job asks to spend (<c>dsc:epsilon</c>).</summary>
    public double? Epsilon { get; init; }

    /// <summary>The differential-privacy delta the job asks to spend (<c>dsc:delta</c>).</summary>
    public double? Delta { get; init; }

    /// <summary>The classification level of the data read (<c>dsc:classificationLevel</c>).</summary>
    public long? ClassificationLevel { get; init; }

    /// <summary>The smallest group size the job will release (<c>dsc:groupSize</c>), when known beforehand.</summary>
    public long? GroupSize { get; init; }

    /// <summary>The other datasets the job joins with the target (<c>dsc:linkedDataset</c>).</summary>
    public IReadOnlyList<string>? LinkedDatasets { get; init; }

    /// <summary>The columns an analysis plan's filters compare with literals (<c>dsc:filterColumn</c>); empty or null for none.</summary>
    public IReadOnlyList<string>? FilterColumns { get; init; }

    /// <summary>The comparisons the filters make, as <c>odrl:eq</c>, <c>odrl:lt</c>, ... (<c>dsc:filterOperator</c>).</summary>
    public IReadOnlyList<string>? FilterOperators { get; init; }

    /// <summary>The party that receives the result (<c>odrl:recipient</c>).</summary>
    public string? Recipient { get; init; }

    /// <summary>Where the use happens, as an IRI or code (<c>odrl:spatial</c>).</summary>
    public string? Spatial { get; init; }
}

namespace DataSpace.Policy.Model;

/// <summary>A rule's action (ODRL IM §2.3), with its refinements.</summary>
public sealed record RuleAction
{
    /// <summary>The action, or <see cref="ActionKind.Unknown"/> for an IRI this connector does not know.</summary>
    public ActionKind Kind { get; init; }

    /// <summary>The action's full IRI, kept also for unknown actions so a refusal can name it.</summary>
    public required string Iri { get; init; }

    /// <summary>Constraints that narrow the action (<c>refinement</c>).</summary>
    public ValueList<ConstraintNode> Refinements { get; init; } = [];
}

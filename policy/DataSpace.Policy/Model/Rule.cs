namespace DataSpace.Policy.Model;

/// <summary>
/// An ODRL rule (ODRL IM §2.5): a permission, prohibition or duty over one action, with its constraints.
/// Duties hang off permissions, remedies off prohibitions, consequences off duties.
/// </summary>
public sealed record Rule
{
    public RuleKind Kind { get; init; }

    public string? Uid { get; init; }

    public required RuleAction Action { get; init; }

    /// <summary>The rule's own target; null means the policy's target applies.</summary>
    public Asset? Target { get; init; }

    public Party? Assigner { get; init; }

    public Party? Assignee { get; init; }

    /// <summary>Constraints that must all be satisfied for the rule to apply.</summary>
    public ValueList<ConstraintNode> Constraints { get; init; } = [];

    /// <summary>A permission's duties: what must be done for the permission to be exercised.</summary>
    public ValueList<Rule> Duties { get; init; } = [];

    /// <summary>A prohibition's remedies: what must be done if it is infringed.</summary>
    public ValueList<Rule> Remedies { get; init; } = [];

    /// <summary>A duty's consequences: what must be done if it is not fulfilled.</summary>
    public ValueList<Rule> Consequences { get; init; } = [];
}

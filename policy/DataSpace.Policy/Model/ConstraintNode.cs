namespace DataSpace.Policy.Model;

/// <summary>A constraint or a logical constraint: the items of a rule's <c>constraint</c> or an action's <c>refinement</c>.</summary>
public abstract record ConstraintNode
{
    public string? Uid { get; init; }

    private protected ConstraintNode()
    {
    }
}

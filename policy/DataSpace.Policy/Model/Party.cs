namespace DataSpace.Policy.Model;

/// <summary>An assigner or assignee (ODRL IM §2.4): one party, or a party collection narrowed by refinements.</summary>
public sealed record Party
{
    public required string Uid { get; init; }

    /// <summary>True for an <c>odrl:PartyCollection</c>.</summary>
    public bool IsCollection { get; init; }

    /// <summary>The collection's <c>source</c>, when given.</summary>
    public string? Source { get; init; }

    public ValueList<ConstraintNode> Refinements { get; init; } = [];
}

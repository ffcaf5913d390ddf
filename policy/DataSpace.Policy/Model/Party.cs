namespace DataSpace.Policy.Model;

/// <summary>An assigner or assignee (ODRL IM §2.4): one party, or a party collection narrowed by refinements.</summary>
public sealed record Party
{
    /// <summary>The IRI; null for a collection identified only by its <see cref="Source"/> (ODRL IM §2.2, §2.3).</summary>
    public string? Uid { get; init; }

    /// <summary>True for an <c>odrl:PartyCollection</c>.</summary>
    public bool IsCollection { get; init; }

    /// <summary>The collection's <c>source</c>, when given.</summary>
    public string? Source { get; init; }

    public ValueList<ConstraintNode> Refinements { get; init; } = [];
}

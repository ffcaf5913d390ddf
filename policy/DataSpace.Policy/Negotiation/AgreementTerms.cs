namespace DataSpace.Policy.Negotiation;

/// <summary>What an agreement on an offer is concluded for: its id, the parties, the dataset, the purpose and the validity.</summary>
public sealed record AgreementTerms
{
    /// <summary>The agreement policy's IRI, for example <c>urn:agreement:agr-1</c>.</summary>
    public required string Uid { get; init; }

    /// <summary>The party the agreement is made with (the operator): every permission's assignee.</summary>
    public required string Assignee { get; init; }

    /// <summary>The assigner when the offer names none (the supplier's connector).</summary>
    public string? Assigner { get; init; }

    /// <summary>The dataset id: every rule's target.</summary>
    public required string Target { get; init; }

    /// <summary>The purpose the operator states; the agreement permits nothing for any other.</summary>
    public required string Purpose { get; init; }

    /// <summary>Start of validity, inclusive.</summary>
    public required DateTimeOffset ValidFrom { get; init; }

    /// <summary>End of validity, exclusive.</summary>
    public required DateTimeOffset ValidUntil { get; init; }
}

using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.Negotiation;

/// <summary>The result of <see cref="OfferRules.Check"/>: the offer as the connector enforces it, or every problem found.</summary>
public sealed record OfferCheck
{
    /// <summary>The offer with its targets written as the dataset id; null when there are errors.</summary>
    public OdrlPolicy? Offer { get; init; }

    /// <summary>Each problem at its JSON path in the document as written.</summary>
    public ValueList<PolicyError> Errors { get; init; } = [];

    public bool IsValid => Offer is not null;
}

namespace DataSpace.Policy.Negotiation;

/// <summary>The dataset an offer is made on, as far as checking the offer needs it.</summary>
public sealed record OfferContext
{
    /// <summary>The dataset's id in the catalogue; the offer's targets must name it.</summary>
    public required string DatasetId { get; init; }

    /// <summary>The dataset's column names: <c>dsc:column</c> may name only these.</summary>
    public required IReadOnlyList<string> Columns { get; init; }
}

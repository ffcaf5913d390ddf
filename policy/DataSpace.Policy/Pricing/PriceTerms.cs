using DataSpace.Policy.Model;

namespace DataSpace.Policy.Pricing;

/// <summary>The IRIs of the price profile (docs/metering.md).</summary>
public static class PriceTerms
{
    /// <summary>The unit of every <c>payAmount</c>: Chinese yuan, <c>dsc:CNY</c>.</summary>
    public const string Cny = PolicyNamespaces.Profile + "CNY";

    /// <summary>The same unit by its ISO 4217 alphabetic code, written as a URN; also accepted.</summary>
    public const string IsoCny = "urn:iso:std:iso:4217:CNY";

    /// <summary>The IRI of <paramref name="basis"/>, e.g. <c>https://dataspace.example/odrl/profile#perRun</c>.</summary>
    public static string BasisIri(PriceBasis basis) => Pricer.Iri(basis);
}

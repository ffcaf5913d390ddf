namespace DataSpace.Policy.Model;

/// <summary>The namespace IRIs policies use, with the compact prefixes documented in docs/policy-profile.md.</summary>
public static class PolicyNamespaces
{
    /// <summary>ODRL 2.2, prefix <c>odrl</c>.</summary>
    public const string Odrl = "http://www.w3.org/ns/odrl/2/";

    /// <summary>This connector's ODRL profile, prefix <c>dsc</c>.</summary>
    public const string Profile = "https://dataspace.example/odrl/profile#";

    /// <summary>XML Schema datatypes, prefix <c>xsd</c>.</summary>
    public const string Xsd = "http://www.w3.org/2001/XMLSchema#";

    /// <summary>RDF, prefix <c>rdf</c>.</summary>
    public const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    /// <summary>The ODRL JSON-LD context, recognised by IRI and never fetched.</summary>
    public const string OdrlContext = "http://www.w3.org/ns/odrl.jsonld";
}

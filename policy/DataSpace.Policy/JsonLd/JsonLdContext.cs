using System.Collections.Frozen;
using System.Text.Json;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.JsonLd;

/// <summary>
/// The part of JSON-LD 1.1 context processing policies need: recognised remote contexts (never fetched),
/// prefixes, term definitions and <c>@vocab</c>. Expands keys and values to full IRIs.
/// </summary>
internal sealed class JsonLdContext
{
    /// <summary>
    /// Remote contexts recognised by IRI and never fetched, each reduced to what it means for a policy
    /// (docs/policy-profile.md, "Compatibility"): whether it defines ODRL's compact terms, and its own prefixes and
    /// terms (left operands such as Catena-X's <c>FrameworkAgreement</c>).
    /// </summary>
    internal static readonly FrozenDictionary<string, KnownContext> KnownContexts = new Dictionary<string, KnownContext>
    {
        [PolicyNamespaces.OdrlContext] = KnownContext.Odrl,
        ["https://www.w3.org/ns/odrl.jsonld"] = KnownContext.Odrl,
        ["https://w3id.org/dspace/2024/1/context.json"] = KnownContext.Odrl,
        ["https://w3id.org/dspace/2025/1/context.jsonld"] = KnownContext.Odrl,
        ["https://w3id.org/dspace/2025/1/odrl-profile.jsonld"] = KnownContext.Odrl,
        // EDC's management API contexts bring ODRL's terms into policy definitions (type-scoped) and define the edc prefix.
        ["https://w3id.org/edc/connector/management/v0.0.1"] = KnownContext.Odrl with { Definitions = [("edc", EdcNamespace)] },
        ["https://w3id.org/edc/connector/management/v2"] = KnownContext.Odrl with { Definitions = [("edc", EdcNamespace)] },
        // Catena-X and Tractus-X: terms for their left operands (and Catena-X's access action), each "<namespace><term>";
        // no ODRL terms (documents add the ODRL context beside them).
        ["https://w3id.org/tractusx/policy/v1.0.0"] = KnownContext.Terms("cx-policy", "https://w3id.org/catenax/policy/",
            "Dismantler Dismantler.activityType Dismantler.allowedBrands Membership UsagePurpose ContractReference FrameworkAgreement " +
            "FrameworkAgreement.behavioraltwin FrameworkAgreement.pcf FrameworkAgreement.quality FrameworkAgreement.resiliency " +
            "FrameworkAgreement.sustainability FrameworkAgreement.traceability"),
        ["https://w3id.org/tractusx/edc/v0.0.1"] = KnownContext.Terms("tx", "https://w3id.org/tractusx/v0.0.1/ns/", "BusinessPartnerNumber BusinessPartnerGroup"),
        ["https://w3id.org/catenax/2025/9/policy/context.jsonld"] = KnownContext.Terms("cx-policy", "https://w3id.org/catenax/2025/9/policy/",
            "access AffiliatesBpnl AffiliatesRegion BusinessPartnerGroup BusinessPartnerNumber ConfidentialInformationMeasures " +
            "ConfidentialInformationSharing ContractReference ContractTermination DataFrequency DataProvisioningEndDate " +
            "DataProvisioningEndDurationDays DataUsageEndDate DataUsageEndDurationDays DataUsageEndDefinition ExclusiveUsage " +
            "FrameworkAgreement JurisdictionLocation JurisdictionLocationReference Liability ManagedLegalEntityBpnl " +
            "ManagedLegalEntityRegion Membership Precedence UsagePurpose UsageRestriction VersionChanges Warranty WarrantyDuration"),
        ["https://w3id.org/catenax/2025/9/policy/odrl.jsonld"] = KnownContext.Odrl,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private const string EdcNamespace = "https://w3id.org/edc/v0.0.1/ns/";

    private static readonly FrozenDictionary<string, string?> PredefinedPrefixes = new Dictionary<string, string?>
    {
        ["odrl"] = PolicyNamespaces.Odrl,
        ["dsc"] = PolicyNamespaces.Profile,
        ["xsd"] = PolicyNamespaces.Xsd,
        ["rdf"] = PolicyNamespaces.Rdf,
        ["rdfs"] = "http://www.w3.org/2000/01/rdf-schema#",
        ["dct"] = "http://purl.org/dc/terms/",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly Dictionary<string, string?> _terms;

    private JsonLdContext(Dictionary<string, string?> terms, bool odrlTerms, string? vocab)
    {
        _terms = terms;
        OdrlTerms = odrlTerms;
        Vocab = vocab;
    }

    /// <summary>The context of a document without <c>@context</c>: ODRL's terms, as policies embedded in DSP and EDC messages assume.</summary>
    public static JsonLdContext Default { get; } = new(new Dictionary<string, string?>(PredefinedPrefixes, StringComparer.Ordinal), true, null);

    /// <summary>True when ODRL's compact terms (<c>permission</c>, <c>use</c>, <c>eq</c>...) are defined.</summary>
    public bool OdrlTerms { get; }

    public string? Vocab { get; }

    public static JsonLdContext Build(JsonElement context, string path, ParseSession session)
    {
        var terms = new Dictionary<string, string?>(PredefinedPrefixes, StringComparer.Ordinal);
        var odrl = false;
        string? vocab = null;
        foreach (var (item, itemPath) in session.Items(context, path))
        {
            if (ParseSession.TryGetString(item, out var iri))
            {
                if (KnownContexts.TryGetValue(iri, out var known))
                {
                    odrl |= known.OdrlTerms;
                    foreach (var (term, termIri) in known.Definitions)
                    {
                        terms[term] = termIri;
                    }
                }
                else
                {
                    session.Error(itemPath, PolicyErrorKind.UnsupportedContext,
                        $"unknown context '{iri}'; contexts are recognised by IRI and never fetched (known: {string.Join(", ", KnownContexts.Keys.Order(StringComparer.Ordinal))})");
                }
            }
            else if (item.ValueKind == JsonValueKind.Object)
            {
                var partial = new JsonLdContext(terms, odrl, vocab);
                foreach (var property in item.EnumerateObject())
                {
                    var termPath = ParseSession.Child(itemPath, property.Name);
                    if (property.Name == "@vocab")
                    {
                        vocab = ParseSession.TryGetString(property.Value, out var v) ? partial.ExpandId(v) : null;
                    }
                    else if (property.Name.StartsWith('@'))
                    {
                        continue;
                    }
                    else if (ParseSession.TryGetString(property.Value, out var definition))
                    {
                        terms[property.Name] = partial.ExpandId(definition);
                    }
                    else if (property.Value.ValueKind == JsonValueKind.Object &&
                             property.Value.TryGetProperty("@id", out var id) && ParseSession.TryGetString(id, out var idIri))
                    {
                        terms[property.Name] = partial.ExpandId(idIri);
                    }
                    else if (property.Value.ValueKind == JsonValueKind.Null)
                    {
                        // Clearing a term falls back to the predefined prefix, if there is one, so that
                        // "dsc:groupSize" never stays an unexpanded compact IRI.
                        terms[property.Name] = PredefinedPrefixes.GetValueOrDefault(property.Name);
                    }
                    else
                    {
                        session.Error(termPath, PolicyErrorKind.UnsupportedContext,
                            $"term definition must be an IRI string or an object with '@id', found {ParseSession.Describe(property.Value)}");
                    }
                }
            }
            else
            {
                session.Error(itemPath, PolicyErrorKind.UnsupportedContext,
                    $"a context must be an IRI string, an object or an array of them, found {ParseSession.Describe(item)}");
            }
        }

        return new JsonLdContext(terms, odrl, vocab);
    }

    /// <summary>Expands a property name to a keyword or full IRI; null when JSON-LD would drop it (an undefined term).</summary>
    public string? ExpandKey(string key)
    {
        if (key.StartsWith('@'))
        {
            return key;
        }

        if (OdrlTerms && key is "uid")
        {
            return "@id";
        }

        if (OdrlTerms && key is "type")
        {
            return "@type";
        }

        if (TryExpandDefined(key, out var iri))
        {
            return iri;
        }

        if (OdrlTerms && OdrlPropertyTerms.IsOdrlProperty(key))
        {
            return PolicyNamespaces.Odrl + key;
        }

        return Vocab is null ? null : Vocab + key;
    }

    /// <summary>Expands a value in a vocabulary position (action, leftOperand, operator, @type).</summary>
    public string ExpandVocab(string value)
    {
        if (TryExpandDefined(value, out var iri))
        {
            return iri;
        }

        if (OdrlTerms && IsOdrlValueTerm(value))
        {
            return PolicyNamespaces.Odrl + value;
        }

        return Vocab is not null && !value.Contains(':') ? Vocab + value : value;
    }

    /// <summary>Expands a value in an IRI position (uid, target, assignee, dataType): compact IRIs with a known prefix.</summary>
    public string ExpandId(string value) =>
        value.Contains(':') && TryExpandDefined(value, out var iri) ? iri : value;

    private bool TryExpandDefined(string value, out string iri)
    {
        if (_terms.TryGetValue(value, out var defined) && defined is not null)
        {
            iri = defined;
            return true;
        }

        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && !value.AsSpan(colon + 1).StartsWith("//") &&
            _terms.TryGetValue(value[..colon], out var prefix) && prefix is not null)
        {
            iri = prefix + value[(colon + 1)..];
            return true;
        }

        iri = value;
        return colon > 0;
    }

    private static bool IsOdrlValueTerm(string value)
    {
        var iri = PolicyNamespaces.Odrl + value;
        return Vocabulary.Actions.TryGet(iri, out _) || Vocabulary.LeftOperands.TryGet(iri, out _) ||
               Vocabulary.Operators.TryGet(iri, out _) || Vocabulary.ConflictStrategies.TryGet(iri, out _) ||
               Vocabulary.OdrlClasses.Contains(value);
    }

    /// <summary>What a recognised remote context defines, as far as policies are concerned: ODRL's terms or not, and its own prefixes and terms.</summary>
    internal sealed record KnownContext(bool OdrlTerms, (string Term, string Iri)[] Definitions)
    {
        public static KnownContext Odrl { get; } = new(true, []);

        /// <summary>A context defining <paramref name="prefix"/> and each of the space-separated <paramref name="names"/> in <paramref name="ns"/>.</summary>
        public static KnownContext Terms(string prefix, string ns, string names) =>
            new(false, [(prefix, ns), .. names.Split(' ').Select(name => (name, ns + name))]);
    }
}

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
    /// <summary>Remote contexts known to define ODRL's terms, matched by IRI.</summary>
    internal static readonly FrozenSet<string> OdrlContexts = FrozenSet.Create(
        StringComparer.Ordinal,
        PolicyNamespaces.OdrlContext,
        "https://www.w3.org/ns/odrl.jsonld",
        "https://w3id.org/dspace/2024/1/context.json",
        "https://w3id.org/dspace/2025/1/context.jsonld",
        "https://w3id.org/dspace/2025/1/odrl-profile.jsonld");

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
                if (OdrlContexts.Contains(iri))
                {
                    odrl = true;
                }
                else
                {
                    session.Error(itemPath, PolicyErrorKind.UnsupportedContext,
                        $"unknown context '{iri}'; contexts are recognised by IRI and never fetched (known: {string.Join(", ", OdrlContexts)})");
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
}

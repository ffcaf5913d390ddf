using System.Collections.Frozen;

namespace DataSpace.Policy.Model;

/// <summary>A two-way map between enum values and the full IRIs that name them.</summary>
internal sealed class TermTable<T>
    where T : struct, Enum
{
    private readonly FrozenDictionary<string, T> _byIri;
    private readonly FrozenDictionary<T, string> _byValue;

    public TermTable(ReadOnlySpan<(T Value, string Iri)> entries)
    {
        var byIri = new Dictionary<string, T>(StringComparer.Ordinal);
        var byValue = new Dictionary<T, string>();
        foreach (var (value, iri) in entries)
        {
            byIri.Add(iri, value);
            byValue.Add(value, iri);
        }

        _byIri = byIri.ToFrozenDictionary(StringComparer.Ordinal);
        _byValue = byValue.ToFrozenDictionary();
    }

    public IEnumerable<string> Iris => _byIri.Keys;

    public bool TryGet(string iri, out T value) => _byIri.TryGetValue(iri, out value);

    public string IriOf(T value) => _byValue[value];
}

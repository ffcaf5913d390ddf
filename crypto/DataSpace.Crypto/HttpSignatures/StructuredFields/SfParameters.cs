namespace DataSpace.Crypto.HttpSignatures.StructuredFields;

/// <summary>
/// RFC 8941 section 3.1.2 parameters in their order on the wire. Order matters: the verifier rebuilds the
/// <c>@signature-params</c> line from them (RFC 9421 section 2.3).
/// </summary>
internal sealed class SfParameters
{
    private readonly List<KeyValuePair<string, object>> _entries;

    public SfParameters(IEnumerable<KeyValuePair<string, object>> entries)
    {
        _entries = [.. entries];
    }

    public static SfParameters Empty { get; } = new([]);

    public IReadOnlyList<KeyValuePair<string, object>> Entries => _entries;

    public int Count => _entries.Count;

    public bool TryGet(string key, out object value)
    {
        foreach (var entry in _entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                value = entry.Value;
                return true;
            }
        }

        value = null!;
        return false;
    }
}

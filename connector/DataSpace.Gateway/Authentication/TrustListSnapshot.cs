using DataSpace.Crypto.Signatures;

namespace DataSpace.Gateway.Authentication;

/// <summary>One fetched trust list, immutable: key id to trusted key. Replaced whole on refresh.</summary>
internal sealed class TrustListSnapshot
{
    public static readonly TrustListSnapshot Empty = new(new Dictionary<string, TrustedKey>(StringComparer.Ordinal), loaded: false);

    private readonly Dictionary<string, TrustedKey> _keys;

    public TrustListSnapshot(Dictionary<string, TrustedKey> keys, bool loaded = true)
    {
        _keys = keys;
        Loaded = loaded;
        Resolve = keyId => Find(keyId)?.Key;
    }

    /// <summary>False only for <see cref="Empty"/>, before the first successful fetch.</summary>
    public bool Loaded { get; }

    public int Count => _keys.Count;

    /// <summary>The resolver handed to the signature verifier, made once per snapshot.</summary>
    public Func<string, PublicKey?> Resolve { get; }

    public TrustedKey? Find(string keyId) => _keys.GetValueOrDefault(keyId);
}

using System.Collections.Concurrent;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Connector.Http;

/// <summary>
/// The trust-list lookups of request verification, cached: a key id found on the trust list is kept with its
/// party and its parsed public key for <see cref="TimeToLive"/>, so a request costs neither a store query nor a
/// PEM import. Only hits are cached: a key id that is not (yet) on the list is looked up in the store on every
/// request, so a party is trusted from the moment it is added, and junk key ids cannot fill the cache (its size
/// is bounded by the trust list). A party removed through this connector is forgotten at once (<see cref="Forget"/>),
/// so its keys are refused from the next request; the time to live bounds how long a change made directly in the
/// database, or a removal through another replica, could go unseen here (docs/connector-service.md, "Removing a
/// party"). A refresh reuses the parsed key when the stored PEM is unchanged.
/// </summary>
internal sealed class TrustedKeyCache(IConnectorStore store, TimeProvider time)
{
    /// <summary>How long a trust-list hit is used without asking the store again.</summary>
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The party holding <paramref name="keyId"/> and the key, parsed; null when it is not on the trust list.</summary>
    public async ValueTask<(Party Party, PublicKey Key)?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        var now = time.GetTimestamp();
        if (_entries.TryGetValue(keyId, out var cached) && time.GetElapsedTime(cached.FetchedAt, now) < TimeToLive)
        {
            return (cached.Party, cached.Key);
        }

        var party = await store.GetPartyByKeyIdAsync(keyId, cancellationToken).ConfigureAwait(false);
        var stored = party?.Keys.FirstOrDefault(k => k.KeyId == keyId);
        if (party is null || stored is null)
        {
            _entries.TryRemove(keyId, out _);
            return null;
        }

        var key = cached is not null && cached.Pem == stored.PublicKeyPem ? cached.Key : PublicKey.ImportPem(stored.PublicKeyPem);
        _entries[keyId] = new Entry(party, stored.PublicKeyPem, key, now);
        return (party, key);
    }

    /// <summary>Forgets every cached key of <paramref name="partyId"/>: the next request naming one asks the store again.</summary>
    public void Forget(string partyId)
    {
        ArgumentNullException.ThrowIfNull(partyId);
        foreach (var (keyId, entry) in _entries)
        {
            if (string.Equals(entry.Party.Id, partyId, StringComparison.Ordinal))
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(keyId, entry));
            }
        }
    }

    private sealed record Entry(Party Party, string Pem, PublicKey Key, long FetchedAt);
}

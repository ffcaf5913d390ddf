using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace DataSpace.Crypto.HttpSignatures;

/// <summary>
/// An in-process <see cref="INonceStore"/>: a concurrent dictionary of (key id, nonce) to expiry, swept of expired
/// entries every <see cref="SweepInterval"/> and whenever it is full. Memory is bounded by <c>capacity</c>: when
/// the store is full even after a sweep it refuses new nonces (the request fails as a replay) rather than grow or
/// forget early, since forgetting early would let a replay through. Size the capacity to the peak request rate
/// times the replay window (1,000 requests a second for 5.5 minutes is 330,000 entries, about 25 MB). Only valid
/// signatures reach the store, so only a party holding a trusted key can fill it.
/// A store per process: replicas behind one gateway should verify at the gateway, or share a store.
/// An entry is keyed by a 128-bit fingerprint of (key id, nonce): SHA-256 under a random per-store salt, truncated.
/// The store then holds no strings, so the GC has a third as many long-lived objects to promote and scan (a
/// profile of the gateway under load showed collections at 12% of its CPU); a collision, at 2^-128 and with a salt
/// no client knows, would refuse one fresh request as a replay, never let a replay through.
/// </summary>
public sealed class MemoryNonceStore : INonceStore
{
    public const int DefaultCapacity = 1_000_000;

    /// <summary>How often expired entries are swept out when the store is not full.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    // A full store is swept at most this often, so that a flood does not turn every call into a sweep.
    private static readonly TimeSpan FullSweepInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<UInt128, long> _entries = new();
    private readonly byte[] _salt = RandomNumberGenerator.GetBytes(16);
    private readonly TimeProvider _time;
    private readonly int _capacity;
    private readonly Lock _sweepLock = new();
    private int _count;
    private long _nextSweepTicks;
    private long _nextFullSweepTicks;

    public MemoryNonceStore(TimeProvider time, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = time;
        _capacity = capacity;
        _nextSweepTicks = time.GetUtcNow().UtcTicks + SweepInterval.Ticks;
    }

    /// <summary>Entries held now, expired ones not yet swept included.</summary>
    public int Count => Volatile.Read(ref _count);

    public bool TryRemember(string keyId, string nonce, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(nonce);
        var now = _time.GetUtcNow().UtcTicks;
        var expiry = expiresAt.UtcTicks;
        if (now >= Volatile.Read(ref _nextSweepTicks))
        {
            Sweep(now, full: false);
        }

        var key = Fingerprint(keyId, nonce);
        while (true)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                if (existing > now)
                {
                    return false;
                }

                // Remembered but expired: take it over, unless another thread just did.
                return _entries.TryUpdate(key, Math.Max(expiry, now + 1), existing);
            }

            if (expiry <= now)
            {
                // Already outside its window: nothing to guard, and the verifier's age check refuses it anyway.
                return true;
            }

            if (Interlocked.Increment(ref _count) > _capacity)
            {
                Interlocked.Decrement(ref _count);
                if (!Sweep(now, full: true))
                {
                    return false;
                }

                continue;
            }

            if (_entries.TryAdd(key, expiry))
            {
                return true;
            }

            Interlocked.Decrement(ref _count);
        }
    }

    public bool IsRemembered(string keyId, string nonce)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(nonce);
        return _entries.TryGetValue(Fingerprint(keyId, nonce), out var expiry) && expiry > _time.GetUtcNow().UtcTicks;
    }

    /// <summary>Removes expired entries; true when it removed any.</summary>
    private bool Sweep(long now, bool full)
    {
        if (full)
        {
            if (now < Volatile.Read(ref _nextFullSweepTicks))
            {
                return false;
            }

            _sweepLock.Enter();
            if (now < Volatile.Read(ref _nextFullSweepTicks))
            {
                // Another caller swept while this one waited: retry the insert against its result.
                _sweepLock.Exit();
                return true;
            }
        }
        else if (!_sweepLock.TryEnter())
        {
            // Another thread is sweeping already.
            return false;
        }

        try
        {
            Volatile.Write(ref _nextSweepTicks, now + SweepInterval.Ticks);
            Volatile.Write(ref _nextFullSweepTicks, now + FullSweepInterval.Ticks);
            var removed = 0;
            foreach (var (key, expiry) in _entries)
            {
                if (expiry <= now && _entries.TryRemove(new KeyValuePair<UInt128, long>(key, expiry)))
                {
                    removed++;
                }
            }

            Interlocked.Add(ref _count, -removed);
            return removed > 0;
        }
        finally
        {
            _sweepLock.Exit();
        }
    }

    /// <summary>SHA-256 of salt, the key id's length and bytes, and the nonce's bytes; the first 16 bytes.</summary>
    private UInt128 Fingerprint(string keyId, string nonce)
    {
        var length = 20 + Encoding.UTF8.GetMaxByteCount(keyId.Length) + Encoding.UTF8.GetMaxByteCount(nonce.Length);
        var buffer = length <= 512 ? stackalloc byte[512] : new byte[length];
        _salt.CopyTo(buffer);
        var keyIdBytes = Encoding.UTF8.GetBytes(keyId, buffer[20..]);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[16..], keyIdBytes);
        var nonceBytes = Encoding.UTF8.GetBytes(nonce, buffer[(20 + keyIdBytes)..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer[..(20 + keyIdBytes + nonceBytes)], hash);
        return BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }
}

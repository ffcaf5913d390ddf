using System.Buffers.Binary;
using System.Security.Cryptography;

namespace DataSpace.Crypto.Federation;

/// <summary>
/// Pairwise masking for secure aggregation (Bonawitz et al., "Practical Secure Aggregation for Privacy-Preserving
/// Machine Learning", CCS 2017, section 4, without dropout recovery or double masking). Participant u sends
/// y_u = x_u + Σ_{v: u &lt; v} PRG(s_uv) − Σ_{v: u &gt; v} PRG(s_uv) mod 2^64, ids compared ordinally; in the sum
/// over all participants each PRG(s_uv) appears once added and once subtracted, so Σ y_u = Σ x_u mod 2^64, while a
/// single y_u, or any sum missing a participant, is indistinguishable from random words to whoever lacks the seeds.
/// </summary>
public static class SecureAggregation
{
    private const int WordSize = sizeof(ulong);
    private const int WordsPerBlock = 4;

    /// <summary>
    /// The PRG that expands a 32-byte pairwise seed: block i (i = 0, 1, ...) is SHA-256(seed || UInt64LE(i)), each
    /// block read as four 64-bit words little-endian; the first <paramref name="length"/> words. SHA-256 in this
    /// counter mode is a PRF-based generator as in NIST SP 800-90A's Hash_DRBG, simple enough to reimplement anywhere.
    /// </summary>
    public static ulong[] Expand(ReadOnlySpan<byte> seed, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var words = new ulong[length];
        AddStream(seed, words, subtract: false);
        return words;
    }

    /// <summary>
    /// The masked vector of one participant: <paramref name="partial"/> (two's complement) plus, for each peer,
    /// <see cref="Expand"/> of the seed shared with it if <paramref name="selfId"/> sorts before the peer's id
    /// (ordinal), minus it otherwise, all mod 2^64.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// No peers, an empty or repeated peer id, the own id among the peers, or a seed not of 32 bytes.
    /// </exception>
    public static ulong[] Mask(ReadOnlySpan<long> partial, string selfId, IReadOnlyList<(string PeerId, byte[] Seed)> peers)
    {
        ArgumentException.ThrowIfNullOrEmpty(selfId);
        ArgumentNullException.ThrowIfNull(peers);
        if (peers.Count == 0)
        {
            // Without a peer there is no mask: the partial would leave in the clear.
            throw new ArgumentException("secure aggregation needs at least one peer", nameof(peers));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (peerId, _) in peers)
        {
            ArgumentException.ThrowIfNullOrEmpty(peerId, nameof(peers));
            if (string.Equals(peerId, selfId, StringComparison.Ordinal))
            {
                throw new ArgumentException($"the peers include the own id '{selfId}'", nameof(peers));
            }

            if (!seen.Add(peerId))
            {
                // A repeated peer would add its mask twice, which the peer's single subtraction cannot cancel.
                throw new ArgumentException($"the peer '{peerId}' is listed twice", nameof(peers));
            }
        }

        var masked = new ulong[partial.Length];
        for (var i = 0; i < partial.Length; i++)
        {
            masked[i] = unchecked((ulong)partial[i]);
        }

        foreach (var (peerId, seed) in peers)
        {
            AddStream(seed, masked, subtract: string.CompareOrdinal(selfId, peerId) > 0);
        }

        return masked;
    }

    /// <summary>
    /// The element-wise sum mod 2^64 of the masked vectors of all participants, read as two's complement: the masks
    /// cancel and the result is the sum of the partials. Missing one participant's vector leaves garbage, which is
    /// why a dropout aborts the job.
    /// </summary>
    /// <exception cref="ArgumentException">No vectors, or vectors of different lengths.</exception>
    public static long[] Sum(IReadOnlyList<ulong[]> masked)
    {
        ArgumentNullException.ThrowIfNull(masked);
        if (masked.Count == 0)
        {
            throw new ArgumentException("there are no masked vectors to sum", nameof(masked));
        }

        var length = masked[0].Length;
        var total = new ulong[length];
        for (var v = 0; v < masked.Count; v++)
        {
            var vector = masked[v] ?? throw new ArgumentException($"masked vector {v} is null", nameof(masked));
            if (vector.Length != length)
            {
                throw new ArgumentException($"masked vector {v} has {vector.Length} words, vector 0 has {length}", nameof(masked));
            }

            for (var i = 0; i < length; i++)
            {
                total[i] = unchecked(total[i] + vector[i]);
            }
        }

        var result = new long[length];
        for (var i = 0; i < length; i++)
        {
            result[i] = unchecked((long)total[i]);
        }

        return result;
    }

    /// <summary>
    /// <c>sha256:</c> and the lowercase hex SHA-256 of the words, each 8 bytes little-endian: what each participant
    /// logs of the vector it sent, so the audit can check that the release combined exactly the logged vectors.
    /// </summary>
    public static string DigestOf(ReadOnlySpan<ulong> vector)
    {
        var bytes = ToBytes(vector);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>Standard base64 (RFC 4648 section 4, padded) of the words, each 8 bytes little-endian.</summary>
    public static string Encode(ReadOnlySpan<ulong> vector) => Convert.ToBase64String(ToBytes(vector));

    /// <summary>
    /// Decodes <see cref="Encode"/>'s form. Refuses, with the problem, null or empty text, text that is not canonical
    /// padded base64 (no whitespace), a byte count not a multiple of 8, and more than <paramref name="maxWords"/>
    /// words (checked before decoding, so an oversized message costs nothing).
    /// </summary>
    public static bool TryDecode(string? text, int maxWords, out ulong[] vector, out string? problem)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxWords);
        vector = [];
        if (string.IsNullOrEmpty(text))
        {
            problem = "the masked vector is missing";
            return false;
        }

        var maxBytes = (long)maxWords * WordSize;
        if (text.Length > (maxBytes + 2) / 3 * 4)
        {
            problem = $"the masked vector is longer than {maxWords} words";
            return false;
        }

        var bytes = new byte[text.Length / 4 * 3];
        if (!Convert.TryFromBase64String(text, bytes, out var written) || text.Length % 4 != 0
            || !string.Equals(Convert.ToBase64String(bytes, 0, written), text, StringComparison.Ordinal))
        {
            problem = "the masked vector is not canonical base64";
            return false;
        }

        if (written % WordSize != 0)
        {
            problem = $"the masked vector is {written} bytes, not a multiple of {WordSize}";
            return false;
        }

        if (written / WordSize > maxWords)
        {
            problem = $"the masked vector is longer than {maxWords} words";
            return false;
        }

        vector = new ulong[written / WordSize];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i * WordSize));
        }

        problem = null;
        return true;
    }

    // Adds (or subtracts) the PRG stream of the seed to the words, in place, without materialising the stream.
    private static void AddStream(ReadOnlySpan<byte> seed, Span<ulong> words, bool subtract)
    {
        if (seed.Length != MaskKeyPair.SeedSize)
        {
            throw new ArgumentException($"a mask seed is {seed.Length} bytes, expected {MaskKeyPair.SeedSize}", nameof(seed));
        }

        Span<byte> input = stackalloc byte[MaskKeyPair.SeedSize + sizeof(ulong)];
        Span<byte> block = stackalloc byte[SHA256.HashSizeInBytes];
        seed.CopyTo(input);
        try
        {
            for (var start = 0; start < words.Length; start += WordsPerBlock)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(input[MaskKeyPair.SeedSize..], (ulong)(start / WordsPerBlock));
                SHA256.HashData(input, block);
                var count = Math.Min(WordsPerBlock, words.Length - start);
                for (var j = 0; j < count; j++)
                {
                    var word = BinaryPrimitives.ReadUInt64LittleEndian(block[(j * WordSize)..]);
                    words[start + j] = subtract ? unchecked(words[start + j] - word) : unchecked(words[start + j] + word);
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
            CryptographicOperations.ZeroMemory(block);
        }
    }

    private static byte[] ToBytes(ReadOnlySpan<ulong> vector)
    {
        var bytes = new byte[vector.Length * WordSize];
        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * WordSize), vector[i]);
        }

        return bytes;
    }
}

using DataSpace.Crypto.Federation;

namespace DataSpace.Crypto.Tests.Federation;

/// <summary>Participants of a test federation, each with its derived key pair, and random partial vectors.</summary>
internal sealed record Participants(string Id, MaskKeyPair Keys)
{
    private static readonly long[] Extremes = [long.MinValue, long.MaxValue, -1, 0, 1, long.MinValue + 1, long.MaxValue - 1];

    /// <summary>Participants with distinct ids mixing case (so ordinal and culture order differ) and random secrets.</summary>
    public static Participants[] Create(MaskAgreement agreement, string federationId, int count, Random random)
    {
        var participants = new Participants[count];
        for (var i = 0; i < count; i++)
        {
            var secret = new byte[32];
            random.NextBytes(secret);
            var id = (i % 2 == 0 ? "City-" : "city-") + (char)('a' + i);
            participants[i] = new Participants(id, MaskKeyPair.Derive(agreement, secret, federationId));
        }

        return participants;
    }

    /// <summary>Random longs with the extremes of two's complement mixed in.</summary>
    public static long[] RandomPartial(Random random, int length)
    {
        var partial = new long[length];
        for (var i = 0; i < length; i++)
        {
            partial[i] = random.Next(4) == 0 ? Extremes[random.Next(Extremes.Length)] : random.NextInt64(long.MinValue, long.MaxValue);
        }

        return partial;
    }

    /// <summary>The plaintext element-wise sum mod 2^64, computed without the library.</summary>
    public static long[] WrappingSum(IReadOnlyList<long[]> partials)
    {
        var sum = new long[partials[0].Length];
        foreach (var partial in partials)
        {
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] = unchecked(sum[i] + partial[i]);
            }
        }

        return sum;
    }

    /// <summary>This participant's masked vector, with seeds derived from each other participant's public key.</summary>
    public ulong[] Mask(long[] partial, IReadOnlyList<Participants> all, string federationId)
    {
        var peers = all
            .Where(p => p.Id != Id)
            .Select(p => (p.Id, Keys.SharedSeed(p.Keys.PublicKey, federationId, Id, p.Id)))
            .ToList();
        return SecureAggregation.Mask(partial, Id, peers);
    }
}

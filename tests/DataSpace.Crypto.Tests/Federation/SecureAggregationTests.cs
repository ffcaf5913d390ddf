using DataSpace.Crypto.Federation;

namespace DataSpace.Crypto.Tests.Federation;

/// <summary>
/// The masks cancel exactly in the sum over all participants, and only there: seeded property tests over the three
/// agreements, participant counts 2..10 and vectors of 1..500 words, plus the tampering and dropout cases that make
/// the audit's digest check and the abort on dropout necessary.
/// </summary>
public sealed class SecureAggregationTests
{
    private const string Federation = "fed-2024-001";

    public static TheoryData<MaskAgreement, int> Seeds => new()
    {
        { MaskAgreement.X25519, 1601 },
        { MaskAgreement.P256, 1602 },
        { MaskAgreement.Sm2, 1603 },
    };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Sum_AllMaskedVectors_EqualsWrappingSumOfPartials(MaskAgreement agreement, int seed)
    {
        var random = new Random(seed);
        for (var count = 2; count <= 10; count++)
        {
            var federation = $"{Federation}-{count}";
            var participants = Participants.Create(agreement, federation, count, random);
            var length = random.Next(1, 501);
            var partials = participants.Select(_ => Participants.RandomPartial(random, length)).ToArray();

            var masked = participants.Select((p, i) => p.Mask(partials[i], participants, federation)).ToArray();

            Assert.Equal(Participants.WrappingSum(partials), SecureAggregation.Sum(masked));
            for (var i = 0; i < count; i++)
            {
                // Probabilistic but not flaky: the vector equals its partial only if the net mask of every word is
                // zero, which for words of a SHA-256 stream happens with probability 2^-64 per word.
                Assert.NotEqual(partials[i].Select(x => unchecked((ulong)x)), masked[i]);
            }
        }
    }

    [Fact]
    public void Sum_OneWordTampered_DiffersFromSumOfPartials()
    {
        var random = new Random(1604);
        var participants = Participants.Create(MaskAgreement.X25519, Federation, 3, random);
        var partials = participants.Select(_ => Participants.RandomPartial(random, 40)).ToArray();
        var masked = participants.Select((p, i) => p.Mask(partials[i], participants, Federation)).ToArray();

        masked[1][17] += 1;

        var sum = SecureAggregation.Sum(masked);
        var expected = Participants.WrappingSum(partials);
        Assert.NotEqual(expected[17], sum[17]);
        Assert.Equal(expected.Where((_, i) => i != 17), sum.Where((_, i) => i != 17));
    }

    [Fact]
    public void Sum_OneParticipantDropped_IsGarbage()
    {
        var random = new Random(1605);
        var participants = Participants.Create(MaskAgreement.P256, Federation, 4, random);
        var partials = participants.Select(_ => Participants.RandomPartial(random, 64)).ToArray();
        var masked = participants.Select((p, i) => p.Mask(partials[i], participants, Federation)).ToArray();

        var withoutLast = SecureAggregation.Sum(masked[..^1]);

        // The masks between the dropped participant and the others stay in every word: the sum of the remaining
        // partials is not recovered either, so a dropout can only abort the job.
        var remaining = Participants.WrappingSum(partials[..^1]);
        Assert.All(Enumerable.Range(0, 64), i => Assert.NotEqual(remaining[i], withoutLast[i]));
        Assert.NotEqual(Participants.WrappingSum(partials), withoutLast);
    }

    [Fact]
    public void Mask_TwoParticipants_IsPartialPlusOrMinusTheSameStream()
    {
        var seed = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();
        long[] partial = [long.MinValue, -1, 0, long.MaxValue, 5];
        var stream = SecureAggregation.Expand(seed, partial.Length);

        var first = SecureAggregation.Mask(partial, "A-city", [("b-city", seed)]);
        var second = SecureAggregation.Mask(partial, "b-city", [("A-city", seed)]);

        // "A-city" < "b-city" ordinal (0x41 < 0x62), although a culture-aware comparison would order them otherwise.
        Assert.Equal(partial.Select((x, i) => unchecked((ulong)x + stream[i])), first);
        Assert.Equal(partial.Select((x, i) => unchecked((ulong)x - stream[i])), second);
    }

    [Fact]
    public void Expand_FixedSeed_MatchesKnownAnswer()
    {
        // Computed independently with Python: struct.unpack("<4Q", hashlib.sha256(seed + struct.pack("<Q", i)).digest()).
        var seed = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        ulong[] expected = [0xbd883a2900e5d6a9, 0x1fb77ad013e2cb38, 0x012a07528525b28c, 0xd0f427e50bc4f1bd, 0x3f3bb7d82d47ef04, 0x16ee09a0f3093317];

        Assert.Equal(expected, SecureAggregation.Expand(seed, 6));
        Assert.Equal(expected[..5], SecureAggregation.Expand(seed, 5));
        Assert.Empty(SecureAggregation.Expand(seed, 0));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Expand_SeedNot32Bytes_Throws(int size)
    {
        var error = Assert.Throws<ArgumentException>(() => SecureAggregation.Expand(new byte[size], 4));

        Assert.Contains($"{size} bytes, expected 32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mask_NoPeers_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => SecureAggregation.Mask([1, 2], "a", []));

        Assert.Equal("peers", error.ParamName);
    }

    [Theory]
    [InlineData("a", "own id")]
    [InlineData("b", "listed twice")]
    [InlineData("", "peers")]
    public void Mask_BadPeerList_Throws(string extraPeer, string expected)
    {
        var seed = new byte[32];

        var error = Assert.ThrowsAny<ArgumentException>(() => SecureAggregation.Mask([1, 2], "a", [("b", seed), (extraPeer, seed)]));

        Assert.Equal("peers", error.ParamName);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sum_NoVectors_Throws()
    {
        Assert.Throws<ArgumentException>(() => SecureAggregation.Sum([]));
    }

    [Fact]
    public void Sum_UnequalLengths_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => SecureAggregation.Sum([[1, 2], [1, 2, 3]]));

        Assert.Contains("masked vector 1 has 3 words, vector 0 has 2", error.Message, StringComparison.Ordinal);
    }
}

using DataSpace.Crypto.Federation;

namespace DataSpace.Crypto.Tests.Federation;

/// <summary>The wire form (base64 of little-endian words) and the digest each participant logs of its vector.</summary>
public sealed class SecureAggregationEncodingTests
{
    private const string DigestOfOneTwoMax = "sha256:fcc4cc05323d8851a676a44e87879ee41dff197698e6054d955b561c2bf62df6";

    [Fact]
    public void EncodeAndTryDecode_Vector_RoundTrips()
    {
        ulong[] vector = [0, 1, ulong.MaxValue, 0x0102030405060708];

        var text = SecureAggregation.Encode(vector);

        Assert.True(SecureAggregation.TryDecode(text, 4, out var decoded, out var problem));
        Assert.Null(problem);
        Assert.Equal(vector, decoded);
    }

    [Fact]
    public void Encode_Word_IsLittleEndian()
    {
        Assert.Equal(Convert.ToBase64String([8, 7, 6, 5, 4, 3, 2, 1]), SecureAggregation.Encode([0x0102030405060708]));
    }

    [Theory]
    [InlineData(null, "missing")]
    [InlineData("", "missing")]
    [InlineData("not base64!", "not canonical base64")]
    [InlineData("AAAAAAAAAAA", "not canonical base64")]
    [InlineData("AAAAAAAAAAA=\n", "not canonical base64")]
    [InlineData("AAAAAAAAAAB=", "not canonical base64")]
    [InlineData("AAAAAAAAAA==", "7 bytes, not a multiple of 8")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "longer than 2 words")]
    public void TryDecode_BadText_ReturnsProblem(string? text, string expected)
    {
        Assert.False(SecureAggregation.TryDecode(text, 2, out var vector, out var problem));
        Assert.Empty(vector);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_ExactlyMaxWords_Succeeds()
    {
        var text = SecureAggregation.Encode([1, 2, 3]);

        Assert.True(SecureAggregation.TryDecode(text, 3, out var vector, out _));
        Assert.Equal(3, vector.Length);
        Assert.False(SecureAggregation.TryDecode(text, 2, out _, out var problem));
        Assert.Contains("longer than 2 words", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void DigestOf_FixedVector_MatchesKnownAnswer()
    {
        // Python: "sha256:" + hashlib.sha256(struct.pack("<3Q", 1, 2, 2**64 - 1)).hexdigest()
        Assert.Equal(DigestOfOneTwoMax, SecureAggregation.DigestOf([1, 2, ulong.MaxValue]));
    }

    [Fact]
    public void DigestOf_OneWordChanged_Differs()
    {
        Assert.NotEqual(SecureAggregation.DigestOf([1, 2, ulong.MaxValue]), SecureAggregation.DigestOf([1, 3, ulong.MaxValue]));
    }
}

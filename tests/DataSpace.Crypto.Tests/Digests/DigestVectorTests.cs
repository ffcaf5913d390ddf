using System.Text;
using DataSpace.Crypto.Digests;

namespace DataSpace.Crypto.Tests.Digests;

public sealed class DigestVectorTests
{
    [Theory]
    // GB/T 32905-2016 appendix A.1 and A.2.
    [InlineData("abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")]
    [InlineData("abcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd", "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732")]
    public void HashData_Sm3StandardExample_MatchesGbt32905(string message, string expected)
    {
        var hash = Digest.HashData(DigestAlgorithm.Sm3, Encoding.ASCII.GetBytes(message));

        Assert.Equal(expected, Convert.ToHexStringLower(hash));
    }

    [Fact]
    public void HashData_Sha256Abc_MatchesFips180Example()
    {
        // FIPS 180-4 / NIST CSRC example "SHA256.pdf": SHA-256("abc").
        var hash = Digest.HashData(DigestAlgorithm.Sha256, "abc"u8);

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(hash));
    }
}

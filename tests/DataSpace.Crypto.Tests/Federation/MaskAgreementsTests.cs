using DataSpace.Crypto.Federation;

namespace DataSpace.Crypto.Tests.Federation;

public sealed class MaskAgreementsTests
{
    [Theory]
    [InlineData(MaskAgreement.X25519, "x25519")]
    [InlineData(MaskAgreement.P256, "p256")]
    [InlineData(MaskAgreement.Sm2, "sm2")]
    public void NameAndTryParse_EachAgreement_RoundTrip(MaskAgreement agreement, string name)
    {
        Assert.Equal(name, MaskAgreements.Name(agreement));
        Assert.True(MaskAgreements.TryParse(name, out var parsed));
        Assert.Equal(agreement, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("X25519")]
    [InlineData("ecdh")]
    [InlineData("sm2 ")]
    public void TryParse_UnknownName_ReturnsFalse(string? name)
    {
        Assert.False(MaskAgreements.TryParse(name, out _));
    }

    [Fact]
    public void Name_UndefinedValue_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MaskAgreements.Name((MaskAgreement)99));
    }
}

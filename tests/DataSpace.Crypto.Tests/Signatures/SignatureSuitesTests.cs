using DataSpace.Crypto.Signatures;

namespace DataSpace.Crypto.Tests.Signatures;

public sealed class SignatureSuitesTests
{
    [Fact]
    public void All_ListsTheThreeSuitesInOrder()
    {
        Assert.Equal(["ed25519", "sm2", "p256"], SignatureSuites.All.Select(s => s.Name));
    }

    [Theory]
    [InlineData("ed25519")]
    [InlineData("sm2")]
    [InlineData("p256")]
    public void Get_KnownName_ReturnsSuiteWithThatName(string name)
    {
        Assert.Equal(name, SignatureSuites.Get(name).Name);
    }

    [Fact]
    public void Get_UnknownName_ThrowsNamingItAndTheValidNames()
    {
        var exception = Assert.Throws<ArgumentException>(() => SignatureSuites.Get("rsa"));

        Assert.Contains("'rsa'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("ed25519, sm2, p256", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ED25519")]
    [InlineData("secp256r1")]
    public void TryGet_UnknownName_ReturnsFalse(string? name)
    {
        Assert.False(SignatureSuites.TryGet(name, out var suite));
        Assert.Null(suite);
    }
}

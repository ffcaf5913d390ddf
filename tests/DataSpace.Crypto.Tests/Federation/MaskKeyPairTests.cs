using DataSpace.Crypto.Federation;

namespace DataSpace.Crypto.Tests.Federation;

/// <summary>Derivation, symmetry and separation of the pairwise seeds, and the refusals of hostile input.</summary>
public sealed class MaskKeyPairTests
{
    private const string Federation = "fed-2024-001";
    private static readonly byte[] SecretA = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private static readonly byte[] SecretB = [.. Enumerable.Range(32, 32).Select(i => (byte)i)];

    public static TheoryData<MaskAgreement> Agreements => [MaskAgreement.X25519, MaskAgreement.P256, MaskAgreement.Sm2];

    [Theory]
    [MemberData(nameof(Agreements))]
    public void SharedSeed_BothSides_AreEqual(MaskAgreement agreement)
    {
        using var a = MaskKeyPair.Derive(agreement, SecretA, Federation);
        using var b = MaskKeyPair.Derive(agreement, SecretB, Federation);

        var ab = a.SharedSeed(b.PublicKey, Federation, "city-a", "city-b");
        var ba = b.SharedSeed(a.PublicKey, Federation, "city-b", "city-a");

        Assert.Equal(MaskKeyPair.SeedSize, ab.Length);
        Assert.Equal(ab, ba);
    }

    [Theory]
    [MemberData(nameof(Agreements))]
    public void Derive_SameSecretAndFederation_GivesSameKeyPair(MaskAgreement agreement)
    {
        using var first = MaskKeyPair.Derive(agreement, SecretA, Federation);
        using var second = MaskKeyPair.Derive(agreement, SecretA.ToArray(), Federation);

        Assert.Equal(first.PublicKey, second.PublicKey);
        Assert.Equal(agreement, first.Agreement);
    }

    [Theory]
    [MemberData(nameof(Agreements))]
    public void Derive_OtherFederationOrSecret_GivesOtherKey(MaskAgreement agreement)
    {
        using var key = MaskKeyPair.Derive(agreement, SecretA, Federation);
        using var otherFederation = MaskKeyPair.Derive(agreement, SecretA, Federation + "x");
        using var otherSecret = MaskKeyPair.Derive(agreement, SecretB, Federation);

        Assert.NotEqual(key.PublicKey, otherFederation.PublicKey);
        Assert.NotEqual(key.PublicKey, otherSecret.PublicKey);
    }

    [Theory]
    [MemberData(nameof(Agreements))]
    public void SharedSeed_OtherFederationId_GivesOtherSeed(MaskAgreement agreement)
    {
        // The same key pairs used under two federation ids: the seed is still bound to the id.
        using var a = MaskKeyPair.Derive(agreement, SecretA, Federation);
        using var b = MaskKeyPair.Derive(agreement, SecretB, Federation);

        var seed = a.SharedSeed(b.PublicKey, Federation, "city-a", "city-b");
        var other = a.SharedSeed(b.PublicKey, "fed-2024-002", "city-a", "city-b");

        Assert.NotEqual(seed, other);
    }

    [Theory]
    [MemberData(nameof(Agreements))]
    public void SharedSeed_OtherPairOfIds_GivesOtherSeed(MaskAgreement agreement)
    {
        using var a = MaskKeyPair.Derive(agreement, SecretA, Federation);
        using var b = MaskKeyPair.Derive(agreement, SecretB, Federation);

        var seed = a.SharedSeed(b.PublicKey, Federation, "city-a", "city-b");
        var other = a.SharedSeed(b.PublicKey, Federation, "city-a", "city-c");

        Assert.NotEqual(seed, other);
    }

    [Theory]
    [MemberData(nameof(Agreements))]
    public void Derive_ShortSecret_Throws(MaskAgreement agreement)
    {
        var error = Assert.Throws<ArgumentException>(() => MaskKeyPair.Derive(agreement, new byte[31], Federation));

        Assert.Equal("secret", error.ParamName);
        Assert.Contains("31 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Derive_EmptyFederationId_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => MaskKeyPair.Derive(MaskAgreement.X25519, SecretA, ""));

        Assert.Equal("federationId", error.ParamName);
    }

    [Theory]
    [MemberData(nameof(Agreements))]
    public void SharedSeed_SelfIdEqualsPeerId_Throws(MaskAgreement agreement)
    {
        using var a = MaskKeyPair.Derive(agreement, SecretA, Federation);
        using var b = MaskKeyPair.Derive(agreement, SecretB, Federation);

        var error = Assert.Throws<ArgumentException>(() => a.SharedSeed(b.PublicKey, Federation, "city-a", "city-a"));

        Assert.Equal("peerId", error.ParamName);
        Assert.Contains("equals the own id", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "city-a", "city-b", "federationId")]
    [InlineData(Federation, "", "city-b", "selfId")]
    [InlineData(Federation, "city-a", "", "peerId")]
    [InlineData(Federation, "city-a\ncity-b", "city-c", "selfId")]
    public void SharedSeed_EmptyOrAmbiguousId_Throws(string federationId, string selfId, string peerId, string parameter)
    {
        using var a = MaskKeyPair.Derive(MaskAgreement.X25519, SecretA, Federation);
        using var b = MaskKeyPair.Derive(MaskAgreement.X25519, SecretB, Federation);

        var error = Assert.ThrowsAny<ArgumentException>(() => a.SharedSeed(b.PublicKey, federationId, selfId, peerId));

        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void Dispose_ZeroesPrivateKeyAndRefusesUse()
    {
        var a = MaskKeyPair.Derive(MaskAgreement.P256, SecretA, Federation);
        using var b = MaskKeyPair.Derive(MaskAgreement.P256, SecretB, Federation);
        Assert.Contains(a.PrivateKey.ToArray(), x => x != 0);

        a.Dispose();

        Assert.DoesNotContain(a.PrivateKey.ToArray(), x => x != 0);
        Assert.Throws<ObjectDisposedException>(() => a.SharedSeed(b.PublicKey, Federation, "city-a", "city-b"));
    }

    [Fact]
    public void PublicKey_MutatedCopy_DoesNotChangeTheKey()
    {
        using var a = MaskKeyPair.Derive(MaskAgreement.X25519, SecretA, Federation);
        var copy = a.PublicKey;

        copy[0] ^= 0xff;

        Assert.NotEqual(copy, a.PublicKey);
    }
}

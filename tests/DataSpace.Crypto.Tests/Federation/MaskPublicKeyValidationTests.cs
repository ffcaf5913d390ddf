using DataSpace.Crypto.Federation;

namespace DataSpace.Crypto.Tests.Federation;

/// <summary>
/// Hostile peer keys: each is refused by <see cref="MaskKeyPair.IsValidPublicKey"/> and by
/// <see cref="MaskKeyPair.SharedSeed"/> with the same problem, so a participant never masks with a seed an attacker
/// can predict (a low-order X25519 point gives the all-zero secret; an invalid-curve point leaks the private key).
/// </summary>
public sealed class MaskPublicKeyValidationTests
{
    private const string Federation = "fed-2024-001";
    private static readonly byte[] Secret = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    public static TheoryData<string, string> LowOrderX25519Keys => new()
    {
        // RFC 7748 section 6.1 and the low-order list of cr.yp.to/ecdh.html#validate, with non-canonical forms.
        { "0000000000000000000000000000000000000000000000000000000000000000", "zero" },
        { "0100000000000000000000000000000000000000000000000000000000000000", "one" },
        { "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", "order 8" },
        { "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157", "order 8, other" },
        { "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "p - 1 (order 2)" },
        { "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "p, non-canonical zero" },
        { "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "p + 1, non-canonical one" },
    };

    public static TheoryData<MaskAgreement, string, string> MalformedKeys => new()
    {
        { MaskAgreement.X25519, "", "0 bytes, expected 32" },
        { MaskAgreement.X25519, new string('9', 62), "31 bytes, expected 32" },
        { MaskAgreement.X25519, new string('9', 66), "33 bytes, expected 32" },
        { MaskAgreement.P256, "00", "uncompressed SEC 1 point of 65 bytes" },
        { MaskAgreement.P256, "02" + new string('1', 64), "uncompressed SEC 1 point of 65 bytes" },
        { MaskAgreement.P256, "05" + new string('1', 128), "uncompressed SEC 1 point of 65 bytes" },
        { MaskAgreement.P256, "04" + new string('1', 126), "uncompressed SEC 1 point of 65 bytes" },
        { MaskAgreement.P256, "04" + new string('f', 128), "not a point on the curve" },
        { MaskAgreement.P256, "04" + new string('0', 128), "not a point on the curve" },
        { MaskAgreement.Sm2, "00", "uncompressed SEC 1 point of 65 bytes" },
        { MaskAgreement.Sm2, "03" + new string('1', 64), "uncompressed SEC 1 point of 65 bytes" },
        { MaskAgreement.Sm2, "04" + new string('f', 128), "not a point on the curve" },
        { MaskAgreement.Sm2, "04" + new string('0', 128), "not a point on the curve" },
    };

    [Theory]
    [MemberData(nameof(LowOrderX25519Keys))]
    public void SharedSeed_LowOrderX25519Key_Throws(string hex, string what)
    {
        using var key = MaskKeyPair.Derive(MaskAgreement.X25519, Secret, Federation);
        var peer = Convert.FromHexString(hex);

        Assert.False(MaskKeyPair.IsValidPublicKey(MaskAgreement.X25519, peer, out var problem), what);
        var error = Assert.Throws<ArgumentException>(() => key.SharedSeed(peer, Federation, "city-a", "city-b"));
        Assert.Equal("peerPublicKey", error.ParamName);
        Assert.Contains("low-order point", problem, StringComparison.Ordinal);
        Assert.StartsWith(problem!, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(MalformedKeys))]
    public void SharedSeed_MalformedOrOffCurveKey_Throws(MaskAgreement agreement, string hex, string expected)
    {
        using var key = MaskKeyPair.Derive(agreement, Secret, Federation);
        var peer = Convert.FromHexString(hex);

        Assert.False(MaskKeyPair.IsValidPublicKey(agreement, peer, out var problem));
        var error = Assert.Throws<ArgumentException>(() => key.SharedSeed(peer, Federation, "city-a", "city-b"));
        Assert.Equal("peerPublicKey", error.ParamName);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.StartsWith(problem!, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MaskAgreement.P256)]
    [InlineData(MaskAgreement.Sm2)]
    public void SharedSeed_ValidKeyWithOneBitFlipped_IsRefusedAsOffCurve(MaskAgreement agreement)
    {
        using var key = MaskKeyPair.Derive(agreement, Secret, Federation);
        using var peer = MaskKeyPair.Derive(agreement, [.. Secret.Reverse()], Federation);
        var tampered = peer.PublicKey;
        tampered[^1] ^= 0x01;

        Assert.False(MaskKeyPair.IsValidPublicKey(agreement, tampered, out var problem));
        Assert.Contains("not a point on the curve", problem, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => key.SharedSeed(tampered, Federation, "city-a", "city-b"));
    }

    [Theory]
    [InlineData(MaskAgreement.X25519, 32)]
    [InlineData(MaskAgreement.P256, 65)]
    [InlineData(MaskAgreement.Sm2, 65)]
    public void IsValidPublicKey_DerivedKey_IsValid(MaskAgreement agreement, int size)
    {
        using var key = MaskKeyPair.Derive(agreement, Secret, Federation);

        Assert.True(MaskKeyPair.IsValidPublicKey(agreement, key.PublicKey, out var problem));
        Assert.Null(problem);
        Assert.Equal(size, key.PublicKey.Length);
    }
}

using System.Security.Cryptography;
using DataSpace.Crypto.Federation;

namespace DataSpace.Crypto.Tests.Federation;

/// <summary>
/// Known answers. The derivation and seed vectors were computed once by an independent implementation (Python:
/// hmac/hashlib for HKDF and SM3, pyca/cryptography for X25519 and P-256, the SM2 key exchange of
/// GB/T 32918.3-2016 section 6.1 written out in plain integers) with secret A = 00..1f, secret B = 20..3f,
/// federation "fed-2024-001" and ids "city-a", "city-b". X25519 is also checked against RFC 7748 section 6.1 and
/// P-256 against .NET's ECDiffieHellman (OpenSSL).
/// </summary>
public sealed class MaskKeyPairVectorTests
{
    private const string Federation = "fed-2024-001";
    private static readonly byte[] SecretA = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private static readonly byte[] SecretB = [.. Enumerable.Range(32, 32).Select(i => (byte)i)];

    public static TheoryData<MaskAgreement, string, string, string, string, string> Vectors => new()
    {
        {
            MaskAgreement.X25519,
            "28f0de8ba1a35efdf93e0ac89aa4d650d8163e9b818c47a2e4b2ca1f5b8f5e58",
            "b3f7033c87e4734eee588db23cfd4a8ce1dfeafe25a1041331e4a01978147c49",
            "c7d2c6183d406dd02b9d703a6e28dfa592ea209e44db7d5193f908102141f526",
            "8d9faef2879e866f5e7dc8bc86921c5f2f440d442e258f4f4abf75ff44579d4a",
            "43b1a218b57b796fd896a817228b1f9e547d5c0f069ae7134d3236478e18a2ff"
        },
        {
            MaskAgreement.P256,
            "bebcfc4bff064422f4b81223085f28aeb90fdb03573497f3135152bde258f7e9",
            "04b49fcdbac38e3836db05c518b7c7538d5bb7677bf507de84dca0dad40a157c3575601556a366df3512b8aab390e9e7fdc415513b00e540f5e66085c45ce5cc27",
            "04ab9d1b68060c5c9b16bf5934e6b897a9f16d741830d1ded7f8646e7924f75dbc038152acdd404d6b3a58224c0b7cf24f40cc7eaa67afedd187494c6bbd4909e1",
            "b12d7c08d8afec932dd2ad55b90cf31076e9c2fa0469a9747aa08808c3b3b53b",
            "e390f5bd68895b686748c787d047af34096290d3ee4c07049109f5496f2c1baf"
        },
        {
            MaskAgreement.Sm2,
            "24922c27a4c510e481d8a335f39f5f32b1fee3fcb44744b90e0e08b4278d7e38",
            "04152d964bac4cd12afca762797023f1e5d3e66530b422fe007f6a39129744aa2897f3df20b5bf8613b2c047b11fd78b48fbd6b8f8d3d9b9743f140dfeac57c879",
            "04d9d916e89400c479655ea32e8c483f20225e49bd361786d36090870cc6c8916dddc6d4473d59d28d3f6cd58e773bc89070c9a71197e244807a676a3dde8b84fa",
            "878f255df734d13b3583c8240590c3b213a9dc5553934c9678f46e62fed11a45",
            "e0c739ec5d55fd81295e0806ac85ef2db121da79656a662e108ff87ca4cf579a"
        },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void DeriveAndSharedSeed_FixedSecrets_MatchIndependentImplementation(
        MaskAgreement agreement, string privateA, string publicA, string publicB, string rawSecret, string seed)
    {
        using var a = MaskKeyPair.Derive(agreement, SecretA, Federation);
        using var b = MaskKeyPair.Derive(agreement, SecretB, Federation);

        Assert.Equal(privateA, Convert.ToHexStringLower(a.PrivateKey));
        Assert.Equal(publicA, Convert.ToHexStringLower(a.PublicKey));
        Assert.Equal(publicB, Convert.ToHexStringLower(b.PublicKey));
        Assert.Equal(rawSecret, Convert.ToHexStringLower(a.RawSharedSecret(b.PublicKey, Federation, "city-a", "city-b")));
        Assert.Equal(seed, Convert.ToHexStringLower(a.SharedSeed(b.PublicKey, Federation, "city-a", "city-b")));
        Assert.Equal(seed, Convert.ToHexStringLower(b.SharedSeed(a.PublicKey, Federation, "city-b", "city-a")));
    }

    [Fact]
    public void RawSharedSecret_Rfc7748Section61_MatchesPublishedValues()
    {
        using var alice = MaskKeyPair.FromPrivateKey(MaskAgreement.X25519, Convert.FromHexString("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        using var bob = MaskKeyPair.FromPrivateKey(MaskAgreement.X25519, Convert.FromHexString("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));

        Assert.Equal("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", Convert.ToHexStringLower(alice.PublicKey));
        Assert.Equal("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", Convert.ToHexStringLower(bob.PublicKey));
        Assert.Equal(
            "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742",
            Convert.ToHexStringLower(alice.RawSharedSecret(bob.PublicKey, Federation, "alice", "bob")));
    }

    [Theory]
    [InlineData("fed-1")]
    [InlineData("fed-2")]
    [InlineData("fed-3")]
    public void RawSharedSecret_P256_MatchesDotNetEcdh(string federationId)
    {
        using var a = MaskKeyPair.Derive(MaskAgreement.P256, SecretA, federationId);
        using var b = MaskKeyPair.Derive(MaskAgreement.P256, SecretB, federationId);
        using var dotnetA = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = a.PrivateKey.ToArray() });
        using var dotnetB = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = PointOf(b.PublicKey) });

        var expected = dotnetA.DeriveRawSecretAgreement(dotnetB.PublicKey);

        var exported = dotnetA.ExportParameters(includePrivateParameters: false).Q;
        Assert.Equal(a.PublicKey, [0x04, .. exported.X!, .. exported.Y!]);
        Assert.Equal(expected, a.RawSharedSecret(b.PublicKey, federationId, "city-a", "city-b"));
    }

    private static ECPoint PointOf(byte[] encoded) => new() { X = encoded[1..33], Y = encoded[33..] };
}

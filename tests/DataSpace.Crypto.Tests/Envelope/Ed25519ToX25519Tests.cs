using System.Security.Cryptography;
using DataSpace.Crypto.Envelope;
using DataSpace.Crypto.Signatures;
using Org.BouncyCastle.Crypto.Parameters;

namespace DataSpace.Crypto.Tests.Envelope;

public sealed class Ed25519ToX25519Tests
{
    // libsodium test/default/ed25519_convert.c (seed) and ed25519_convert.exp (expected X25519 keys).
    private const string LibsodiumSeed = "421151a459faeade3d247115f94aedae42318124095afabe4d1451a559faedee";
    private const string LibsodiumX25519Public = "f1814f0e8ff1043d8a44d25babff3cedcae6c22c3edaa48f857ae70de2baae50";
    private const string LibsodiumX25519Private = "8052030376d47112be7f73ed7a019293dd12ad910b654455798b4667d73de166";

    [Fact]
    public void TryConvertPublicKey_LibsodiumVector_MatchesExpected()
    {
        using var key = Ed25519SigningKey.Create(Convert.FromHexString(LibsodiumSeed));
        var converted = new byte[32];

        Assert.True(Ed25519ToX25519.TryConvertPublicKey(key.PublicKey.RawKey.Span, converted));

        Assert.Equal(LibsodiumX25519Public, Convert.ToHexStringLower(converted));
    }

    [Fact]
    public void ConvertPrivateKey_LibsodiumVector_MatchesExpected()
    {
        var converted = new byte[32];

        Ed25519ToX25519.ConvertPrivateKey(Convert.FromHexString(LibsodiumSeed), converted);

        Assert.Equal(LibsodiumX25519Private, Convert.ToHexStringLower(converted));
    }

    [Fact]
    public void ConvertPrivateKey_RandomSeeds_IsClampedFirstHalfOfSha512()
    {
        var seed = new byte[32];
        var converted = new byte[32];
        for (var round = 0; round < 200; round++)
        {
            RandomNumberGenerator.Fill(seed);
            var expected = SHA512.HashData(seed)[..32];
            expected[0] &= 0b1111_1000;
            expected[31] = (byte)((expected[31] & 0b0111_1111) | 0b0100_0000);

            Ed25519ToX25519.ConvertPrivateKey(seed, converted);

            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(converted));
        }
    }

    [Fact]
    public void TryConvertPublicKey_RandomKeys_EqualsX25519PublicOfConvertedPrivate()
    {
        var seed = new byte[32];
        var scalar = new byte[32];
        var converted = new byte[32];
        for (var round = 0; round < 200; round++)
        {
            RandomNumberGenerator.Fill(seed);
            using var key = Ed25519SigningKey.Create(seed);
            Ed25519ToX25519.ConvertPrivateKey(seed, scalar);

            Assert.True(Ed25519ToX25519.TryConvertPublicKey(key.PublicKey.RawKey.Span, converted));

            var fromScalar = new X25519PrivateKeyParameters(scalar).GeneratePublicKey().GetEncoded();
            Assert.Equal(Convert.ToHexString(fromScalar), Convert.ToHexString(converted));
        }
    }

    [Theory]
    [InlineData("0100000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")]
    public void TryConvertPublicKey_NeutralOrOrderTwoPoint_ReturnsFalse(string ed25519PublicKey)
    {
        var converted = new byte[32];

        Assert.False(Ed25519ToX25519.TryConvertPublicKey(Convert.FromHexString(ed25519PublicKey), converted));
    }
}

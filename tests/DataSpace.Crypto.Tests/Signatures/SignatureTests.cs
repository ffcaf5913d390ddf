using DataSpace.Crypto.Digests;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.Signatures;

public sealed class SignatureTests
{
    private static readonly byte[] Message = "agreement 42: supplier approves module sha256:ab12"u8.ToArray();

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void Verify_OwnSignature_ReturnsTrue(string suite)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();

        Assert.True(key.PublicKey.Verify(Message, key.Sign(Message)));
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public async Task Sign_ManyMessagesConcurrentlyWithOneKey_EachVerifies(string suite)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
        {
            var message = System.Text.Encoding.UTF8.GetBytes($"message {i}");
            return key.PublicKey.Verify(message, key.Sign(message)) && !key.PublicKey.Verify(Message, key.Sign(message));
        })));

        Assert.All(results, Assert.True);
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void Verify_FlippedSignatureBit_ReturnsFalse(string suite)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();
        var signature = key.Sign(Message);

        foreach (var index in new[] { 0, signature.Length / 2, signature.Length - 1 })
        {
            var flipped = (byte[])signature.Clone();
            flipped[index] ^= 0x01;
            Assert.False(key.PublicKey.Verify(Message, flipped), $"bit flipped at byte {index}");
        }
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void Verify_FlippedMessageBit_ReturnsFalse(string suite)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();
        var signature = key.Sign(Message);
        var flipped = (byte[])Message.Clone();
        flipped[^1] ^= 0x80;

        Assert.False(key.PublicKey.Verify(flipped, signature));
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void Verify_SignatureFromOtherKey_ReturnsFalse(string suite)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();
        using var other = SignatureSuites.Get(suite).GenerateKey();

        Assert.False(key.PublicKey.Verify(Message, other.Sign(Message)));
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void Verify_GarbageSignatures_ReturnsFalseWithoutThrowing(string suite)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();
        var random = new Random(8032);

        for (var length = 0; length <= 200; length++)
        {
            var garbage = new byte[length];
            random.NextBytes(garbage);
            if (length > 2)
            {
                // Half of them look like a DER SEQUENCE, to get past the first check.
                garbage[0] = length % 2 == 0 ? (byte)0x30 : garbage[0];
                garbage[1] = length % 2 == 0 ? (byte)(length - 2) : garbage[1];
            }

            Assert.False(key.PublicKey.Verify(Message, garbage), $"garbage of {length} bytes");
        }
    }

    [Theory]
    [InlineData("ed25519", "sm2")]
    [InlineData("sm2", "p256")]
    [InlineData("p256", "sm2")]
    public void Verify_SignatureOfOtherSuite_ReturnsFalse(string suite, string otherSuite)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();
        using var other = SignatureSuites.Get(otherSuite).GenerateKey();

        Assert.False(key.PublicKey.Verify(Message, other.Sign(Message)));
    }

    [Theory]
    [InlineData("ed25519", DigestAlgorithm.Sha256, 32)]
    [InlineData("sm2", DigestAlgorithm.Sm3, 65)]
    [InlineData("p256", DigestAlgorithm.Sha256, 65)]
    public void GenerateKey_EachSuite_HasSuiteDigestAndRawKeySize(string suite, DigestAlgorithm digest, int rawKeySize)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();

        Assert.Same(SignatureSuites.Get(suite), key.Suite);
        Assert.Same(key.Suite, key.PublicKey.Suite);
        Assert.Equal(digest, key.Suite.Digest);
        Assert.Equal(rawKeySize, key.PublicKey.RawKey.Length);
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void Dispose_SigningKey_ZeroesPrivateKeyAndRefusesToSign(string suite)
    {
        var key = SignatureSuites.Get(suite).GenerateKey();
        Assert.True(PrivateBytes(key).IndexOfAnyExcept((byte)0) >= 0);

        key.Dispose();

        Assert.True(PrivateBytes(key).IndexOfAnyExcept((byte)0) < 0);
        Assert.Throws<ObjectDisposedException>(() => key.Sign(Message));
        Assert.Throws<ObjectDisposedException>(() => key.ExportPkcs8Pem());
    }

    private static ReadOnlySpan<byte> PrivateBytes(SigningKey key) => key switch
    {
        Ed25519SigningKey ed25519 => ed25519.Seed,
        Sm2SigningKey sm2 => sm2.Scalar,
        P256SigningKey p256 => p256.Scalar,
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };
}

using System.Security.Cryptography;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.Signatures;

public sealed class KeyPemTests
{
    private static readonly byte[] Message = "round trip"u8.ToArray();

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void ImportPkcs8Pem_UnencryptedExport_RestoresSameKey(string suite)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();

        var pem = key.ExportPkcs8Pem();
        using var restored = SigningKey.ImportPkcs8Pem(pem);

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----\n", pem, StringComparison.Ordinal);
        Assert.Same(key.Suite, restored.Suite);
        Assert.Equal(key.PublicKey, restored.PublicKey);
        Assert.True(key.PublicKey.Verify(Message, restored.Sign(Message)));
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void ImportPkcs8Pem_EncryptedExport_RestoresSameKey(string suite)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();

        var pem = key.ExportPkcs8Pem("correct horse");
        using var restored = SigningKey.ImportPkcs8Pem(pem, "correct horse");

        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n", pem, StringComparison.Ordinal);
        Assert.Equal(key.PublicKey, restored.PublicKey);
        Assert.True(key.PublicKey.Verify(Message, restored.Sign(Message)));
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void ImportPem_ExportedPublicKey_RestoresEqualKey(string suite)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();

        var pem = key.PublicKey.ExportPem();
        var restored = PublicKey.ImportPem(pem);

        Assert.StartsWith("-----BEGIN PUBLIC KEY-----\n", pem, StringComparison.Ordinal);
        Assert.Equal(key.PublicKey, restored);
        Assert.Equal(key.PublicKey.KeyId, restored.KeyId);
        Assert.Equal(key.PublicKey.RawKey.ToArray(), restored.RawKey.ToArray());
        Assert.True(restored.Verify(Message, key.Sign(Message)));
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void KeyId_IsFirst16BytesOfSha256OfSubjectPublicKeyInfo(string suite)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();

        var expected = Convert.ToHexStringLower(SHA256.HashData(key.PublicKey.SubjectPublicKeyInfo.Span).AsSpan(0, 16));

        Assert.Equal(expected, key.PublicKey.KeyId);
        Assert.Matches("^[0-9a-f]{32}$", key.PublicKey.KeyId);
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void KeyId_DifferentKeys_Differ(string suite)
    {
        using var first = SignatureSuites.Get(suite).GenerateKey();
        using var second = SignatureSuites.Get(suite).GenerateKey();

        Assert.NotEqual(first.PublicKey.KeyId, second.PublicKey.KeyId);
        Assert.NotEqual(first.PublicKey, second.PublicKey);
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void KeyId_ReimportedKey_IsStable(string suite)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();
        using var restored = SigningKey.ImportPkcs8Pem(key.ExportPkcs8Pem());

        Assert.Equal(key.PublicKey.KeyId, restored.PublicKey.KeyId);
        Assert.Equal(key.PublicKey.KeyId, PublicKey.ImportSubjectPublicKeyInfo(key.PublicKey.SubjectPublicKeyInfo.Span).KeyId);
        Assert.Equal(key.PublicKey.GetHashCode(), restored.PublicKey.GetHashCode());
    }
}

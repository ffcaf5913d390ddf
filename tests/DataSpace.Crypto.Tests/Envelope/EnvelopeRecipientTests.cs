using DataSpace.Crypto.Envelope;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.Envelope;

public sealed class EnvelopeRecipientTests
{
    private const string JobId = "job-a";

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void Open_OtherKeyOfSameSuite_ThrowsNamingBothKeys(string suite)
    {
        using var recipient = SignatureSuites.Get(suite).GenerateKey();
        using var other = SignatureSuites.Get(suite).GenerateKey();
        var envelope = Envelopes.Seal(recipient.PublicKey, JobId, "secret"u8);

        var exception = Assert.Throws<EnvelopeException>(() => Envelopes.Open(other, JobId, envelope));

        Assert.Equal($"the envelope is for key {recipient.PublicKey.KeyId}, not {other.PublicKey.KeyId}", exception.Message);
    }

    [Theory]
    [InlineData("ed25519", "sm2")]
    [InlineData("sm2", "p256")]
    [InlineData("p256", "ed25519")]
    public void Open_KeyOfOtherSuite_ThrowsNamingBothKeys(string suite, string otherSuite)
    {
        using var recipient = SignatureSuites.Get(suite).GenerateKey();
        using var other = SignatureSuites.Get(otherSuite).GenerateKey();
        var envelope = Envelopes.Seal(recipient.PublicKey, JobId, "secret"u8);

        var exception = Assert.Throws<EnvelopeException>(() => Envelopes.Open(other, JobId, envelope));

        Assert.Equal($"the envelope is for key {recipient.PublicKey.KeyId}, not {other.PublicKey.KeyId}", exception.Message);
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void Open_OtherJobId_ThrowsNamingBothJobs(string suite)
    {
        using var recipient = SignatureSuites.Get(suite).GenerateKey();
        var envelope = Envelopes.Seal(recipient.PublicKey, JobId, "secret"u8);

        var exception = Assert.Throws<EnvelopeException>(() => Envelopes.Open(recipient, "job-b", envelope));

        Assert.Equal("the envelope is for job job-a, not job-b", exception.Message);
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void Open_JobIdRewrittenInHeader_FailsAuthentication(string suite)
    {
        using var recipient = SignatureSuites.Get(suite).GenerateKey();
        var envelope = Envelopes.Seal(recipient.PublicKey, JobId, "secret"u8);
        var rewritten = new SealedEnvelope(
            envelope.Construction, envelope.RecipientKeyId, "job-b",
            envelope.EncapsulatedKey.ToArray(), envelope.Nonce.ToArray(), envelope.Ciphertext.ToArray());

        var exception = Assert.Throws<EnvelopeException>(() => Envelopes.Open(recipient, "job-b", rewritten));

        Assert.Equal("decryption failed: wrong key or tampered content", exception.Message);
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void Open_KeyIdRewrittenToOtherKey_FailsDecryption(string suite)
    {
        using var recipient = SignatureSuites.Get(suite).GenerateKey();
        using var other = SignatureSuites.Get(suite).GenerateKey();
        var envelope = Envelopes.Seal(recipient.PublicKey, JobId, "secret"u8);
        var rewritten = new SealedEnvelope(
            envelope.Construction, other.PublicKey.KeyId, JobId,
            envelope.EncapsulatedKey.ToArray(), envelope.Nonce.ToArray(), envelope.Ciphertext.ToArray());

        var exception = Assert.Throws<EnvelopeException>(() => Envelopes.Open(other, JobId, rewritten));

        Assert.StartsWith("decryption failed", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ConstructionOfOtherSuite_ThrowsNamingConstructions()
    {
        using var recipient = SignatureSuites.P256.GenerateKey();
        var envelope = Envelopes.Seal(recipient.PublicKey, JobId, "secret"u8);
        var forged = new SealedEnvelope(
            EnvelopeConstruction.X25519HkdfSha256Aes256Gcm, envelope.RecipientKeyId, JobId,
            envelope.EncapsulatedKey[1..33].ToArray(), envelope.Nonce.ToArray(), envelope.Ciphertext.ToArray());

        var exception = Assert.Throws<EnvelopeException>(() => Envelopes.Open(recipient, JobId, forged));

        Assert.Equal(
            "the envelope uses construction x25519-hkdf-sha256-aes-256-gcm, but p256 keys use p256-hkdf-sha256-aes-256-gcm",
            exception.Message);
    }
}

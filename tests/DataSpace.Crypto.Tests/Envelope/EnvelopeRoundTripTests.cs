using DataSpace.Crypto.Envelope;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.Envelope;

public sealed class EnvelopeRoundTripTests
{
    private const string JobId = "job-7f3a";

    public static TheoryData<string, int> SuitesAndSizes
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var suite in Suites.Names)
            {
                foreach (var size in new[] { 0, 1, 1024 * 1024 })
                {
                    data.Add(suite, size);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(SuitesAndSizes))]
    public void Open_SealedToOwnKey_ReturnsPlaintext(string suite, int size)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();
        var plaintext = new byte[size];
        Random.Shared.NextBytes(plaintext);

        var envelope = Envelopes.Seal(key.PublicKey, JobId, plaintext);

        Assert.Equal(plaintext, Envelopes.Open(key, JobId, envelope));
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void Open_AfterToBytesAndParse_ReturnsPlaintext(string suite)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();
        var plaintext = "result: 42 rows"u8.ToArray();
        var envelope = Envelopes.Seal(key.PublicKey, JobId, plaintext);

        var parsed = SealedEnvelope.Parse(envelope.ToBytes());

        Assert.Equal(envelope, parsed);
        Assert.Equal(plaintext, Envelopes.Open(key, JobId, parsed));
    }

    [Theory]
    [InlineData("ed25519", EnvelopeConstruction.X25519HkdfSha256Aes256Gcm)]
    [InlineData("sm2", EnvelopeConstruction.Sm2Sm4Gcm)]
    [InlineData("p256", EnvelopeConstruction.P256HkdfSha256Aes256Gcm)]
    public void Seal_RecipientSuite_ChoosesConstructionAndRecordsKeyAndJob(string suite, EnvelopeConstruction expected)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();

        var envelope = Envelopes.Seal(key.PublicKey, JobId, "x"u8);

        Assert.Equal(expected, envelope.Construction);
        Assert.Equal(key.PublicKey.KeyId, envelope.RecipientKeyId);
        Assert.Equal(JobId, envelope.JobId);
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void Seal_SamePlaintextTwice_GivesDifferentKeysNoncesAndCiphertexts(string suite)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();
        var plaintext = new byte[64];

        var first = Envelopes.Seal(key.PublicKey, JobId, plaintext);
        var second = Envelopes.Seal(key.PublicKey, JobId, plaintext);

        Assert.False(first.EncapsulatedKey.Span.SequenceEqual(second.EncapsulatedKey.Span));
        Assert.False(first.Nonce.Span.SequenceEqual(second.Nonce.Span));
        Assert.False(first.Ciphertext.Span.SequenceEqual(second.Ciphertext.Span));
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Seal_EmptyJobId_ThrowsArgumentException()
    {
        using var key = SignatureSuites.Ed25519.GenerateKey();

        Assert.Throws<ArgumentException>(() => Envelopes.Seal(key.PublicKey, string.Empty, "x"u8));
    }

    [Fact]
    public void Seal_JobIdWithLoneSurrogate_ThrowsArgumentException()
    {
        using var key = SignatureSuites.Ed25519.GenerateKey();
        var jobId = "job-" + (char)0xD800;

        Assert.Throws<ArgumentException>(() => Envelopes.Seal(key.PublicKey, jobId, "x"u8));
    }

    [Fact]
    public void Seal_JobIdOver1024Bytes_ThrowsArgumentException()
    {
        using var key = SignatureSuites.Ed25519.GenerateKey();

        Assert.Throws<ArgumentException>(() => Envelopes.Seal(key.PublicKey, new string('j', 1025), "x"u8));
    }
}

using DataSpace.Crypto.Envelope;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.Envelope;

public sealed class SealedEnvelopeParseTests
{
    private const string JobId = "job-42";

    // Offsets in an envelope for the 6-byte job id above (docs/crypto.md, "Wire format").
    private const int ConstructionOffset = 1;
    private const int JobIdLengthOffset = 18;
    private const int JobIdOffset = 20;
    private const int EncapsulatedKeyLengthOffset = 26;

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void Parse_EveryTruncation_ThrowsEnvelopeException(string suite)
    {
        var bytes = SealFor(suite);

        for (var length = 0; length < bytes.Length - 1; length++)
        {
            var exception = Record.Exception(() => SealedEnvelope.Parse(bytes.AsSpan(0, length)));

            Assert.True(exception is EnvelopeException, $"length {length}: {exception?.GetType().Name ?? "parsed"}");
        }
    }

    [Fact]
    public void Parse_RandomGarbage_ThrowsOnlyEnvelopeException()
    {
        var random = new Random(20240601);
        for (var round = 0; round < 2000; round++)
        {
            var garbage = new byte[random.Next(0, 200)];
            random.NextBytes(garbage);
            if (garbage.Length > 1 && round % 2 == 0)
            {
                garbage[0] = 1;
                garbage[1] = (byte)random.Next(1, 4);
            }

            var exception = Record.Exception(() => SealedEnvelope.Parse(garbage));

            Assert.True(exception is EnvelopeException, $"round {round}: {exception?.GetType().Name ?? "parsed"}");
        }
    }

    [Fact]
    public void Parse_Empty_ThrowsTruncatedAtVersion()
    {
        var exception = Assert.Throws<EnvelopeException>(() => SealedEnvelope.Parse([]));

        Assert.Equal("envelope is truncated: the format version needs 1 bytes at offset 0, 0 left", exception.Message);
    }

    [Fact]
    public void Parse_OtherVersion_ThrowsUnsupportedVersion()
    {
        var bytes = SealFor("ed25519");
        bytes[0] = 2;

        var exception = Assert.Throws<EnvelopeException>(() => SealedEnvelope.Parse(bytes));

        Assert.Equal("unsupported envelope format version 2, expected 1", exception.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(255)]
    public void Parse_UnknownConstruction_ThrowsUnknownConstruction(byte construction)
    {
        var bytes = SealFor("ed25519");
        bytes[ConstructionOffset] = construction;

        var exception = Assert.Throws<EnvelopeException>(() => SealedEnvelope.Parse(bytes));

        Assert.Equal($"unknown construction {construction}", exception.Message);
    }

    [Fact]
    public void Parse_JobIdLengthPastEnd_ThrowsTruncatedJobId()
    {
        var bytes = SealFor("ed25519");
        bytes[JobIdLengthOffset] = 0xFF;

        var exception = Assert.Throws<EnvelopeException>(() => SealedEnvelope.Parse(bytes));

        Assert.StartsWith("envelope is truncated: the job id needs 65286 bytes at offset 20", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JobIdNotUtf8_ThrowsNamingJobId()
    {
        var bytes = SealFor("ed25519");
        bytes[JobIdOffset] = 0xFF;

        var exception = Assert.Throws<EnvelopeException>(() => SealedEnvelope.Parse(bytes));

        Assert.Equal("job id is not valid UTF-8", exception.Message);
    }

    [Fact]
    public void Parse_EncapsulatedKeyOfWrongLength_ThrowsNamingExpectedLength()
    {
        var bytes = SealFor("ed25519");
        bytes[EncapsulatedKeyLengthOffset + 1] = 31;

        var exception = Assert.Throws<EnvelopeException>(() => SealedEnvelope.Parse(bytes));

        Assert.Equal("encapsulated key is 31 bytes, expected 32 for x25519-hkdf-sha256-aes-256-gcm", exception.Message);
    }

    [Fact]
    public void Parse_CiphertextShorterThanTag_ThrowsTruncated()
    {
        var bytes = SealFor("ed25519");

        var exception = Assert.Throws<EnvelopeException>(() => SealedEnvelope.Parse(bytes.AsSpan(0, bytes.Length - 2)));

        Assert.Equal("envelope is truncated: ciphertext is 15 bytes, shorter than the 16-byte tag", exception.Message);
    }

    private static byte[] SealFor(string suite)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();
        return Envelopes.Seal(key.PublicKey, JobId, "x"u8).ToBytes();
    }
}

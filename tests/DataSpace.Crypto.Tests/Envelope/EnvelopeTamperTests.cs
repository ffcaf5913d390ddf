using DataSpace.Crypto.Envelope;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.Envelope;

public sealed class EnvelopeTamperTests
{
    private const string JobId = "j1";

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void Open_AnyFlippedBit_ThrowsEnvelopeException(string suite)
    {
        using var recipient = SignatureSuites.Get(suite).GenerateKey();
        var bytes = Envelopes.Seal(recipient.PublicKey, JobId, "ok"u8).ToBytes();

        for (var index = 0; index < bytes.Length; index++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var tampered = (byte[])bytes.Clone();
                tampered[index] ^= (byte)(1 << bit);

                var exception = Record.Exception(() => Envelopes.Open(recipient, JobId, SealedEnvelope.Parse(tampered)));

                Assert.True(
                    exception is EnvelopeException,
                    $"bit {bit} of byte {index} of {bytes.Length}: {exception?.GetType().Name ?? "opened"} {exception?.Message}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void Open_CiphertextOfAnotherEnvelopeSpliced_ThrowsDecryptionFailed(string suite)
    {
        using var recipient = SignatureSuites.Get(suite).GenerateKey();
        var first = Envelopes.Seal(recipient.PublicKey, JobId, "first"u8);
        var second = Envelopes.Seal(recipient.PublicKey, JobId, "other"u8);
        var spliced = new SealedEnvelope(
            first.Construction, first.RecipientKeyId, JobId,
            first.EncapsulatedKey.ToArray(), first.Nonce.ToArray(), second.Ciphertext.ToArray());

        var exception = Assert.Throws<EnvelopeException>(() => Envelopes.Open(recipient, JobId, spliced));

        Assert.Equal("decryption failed: wrong key or tampered content", exception.Message);
    }
}

using DataSpace.Crypto.Checkpoints;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Crypto.Tests.Checkpoints;

/// <summary>
/// Vectors from golang.org/x/mod/sumdb/note (example_test.go, ExampleSign/ExampleOpen), the reference
/// implementation of c2sp.org/signed-note: the key "PeterNeumann" and its signed note.
/// </summary>
public sealed class SignedNoteTests
{
    private const string Text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    private const string Signature = "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    private const string VerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private const string SeedBase64 = "gQoUAtUUbI2E8kQzMPVAgOv5juF9nHT2JS/F1ccoMXM=";

    private static PublicKey PeterPublicKey()
    {
        var raw = Convert.FromBase64String(VerifierKey.Split('+')[2])[1..];
        return PublicKey.ImportSubjectPublicKeyInfo([.. Convert.FromHexString("302a300506032b6570032100"), .. raw]);
    }

    private static SigningKey PeterSigningKey()
    {
        var der = Convert.FromHexString("302e020100300506032b657004220420").Concat(Convert.FromBase64String(SeedBase64)).ToArray();
        return SigningKey.ImportPkcs8Pem(System.Security.Cryptography.PemEncoding.WriteString("PRIVATE KEY", der));
    }

    [Fact]
    public void Sign_ReferenceKey_ProducesTheReferenceNoteByteForByte()
    {
        using var key = PeterSigningKey();

        var note = SignedNote.Sign(Text, key, "PeterNeumann").ToString();

        Assert.Equal(Text + "\n" + Signature, note);
    }

    [Fact]
    public void VerifierKey_ReferenceKey_MatchesGoFormat()
    {
        Assert.Equal(VerifierKey, NoteKeys.VerifierKey("PeterNeumann", PeterPublicKey()));
        Assert.Equal(0xc74f20a3u, NoteKeys.KeyId("PeterNeumann", PeterPublicKey()));
    }

    [Fact]
    public void IsSignedBy_ReferenceNote_Verifies()
    {
        Assert.True(SignedNote.TryParse(Text + "\n" + Signature, out var note, out var error), error);

        Assert.True(note!.IsSignedBy(PeterPublicKey(), "PeterNeumann"));
        Assert.Equal(Text, note.Text);
    }

    [Fact]
    public void IsSignedBy_AlteredText_Fails()
    {
        Assert.True(SignedNote.TryParse(Text.Replace("answer", "Answer", StringComparison.Ordinal) + "\n" + Signature, out var note, out _));

        Assert.False(note!.IsSignedBy(PeterPublicKey(), "PeterNeumann"));
    }

    [Fact]
    public void IsSignedBy_OtherName_IgnoresTheSignatureAndFails()
    {
        Assert.True(SignedNote.TryParse(Text + "\n" + Signature, out var note, out _));

        Assert.False(note!.IsSignedBy(PeterPublicKey(), "EnochRoot"));
    }

    [Theory]
    [InlineData("no blank line\n\u2014 a AAAAAAA=\n", "blank line")]
    [InlineData("text\n\n\u2014 PeterNeumann !!notbase64\n", "not base64")]
    [InlineData("text\n\n- PeterNeumann AAAAAAA=\n", "malformed signature line")]
    [InlineData("text\n\n\u2014 PeterNeumann AAAAAAA=", "newline")]
    [InlineData("te\u0001xt\n\n\u2014 PeterNeumann AAAAAAA=\n", "control")]
    [InlineData("text\n\n\u2014 PeterNeumann AAAA\n", "malformed signature line")]
    public void TryParse_Malformed_FailsWithReason(string note, string reason)
    {
        Assert.False(SignedNote.TryParse(note, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_TooManySignatures_Fails()
    {
        var lines = string.Concat(Enumerable.Repeat(Signature, SignedNote.MaxSignatures + 1));

        Assert.False(SignedNote.TryParse(Text + "\n" + lines, out _, out var error));
        Assert.Contains("more than", error, StringComparison.Ordinal);
    }
}

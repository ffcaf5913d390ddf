using DataSpace.Crypto.Checkpoints;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.Checkpoints;

public sealed class CheckpointNoteTests
{
    private static readonly byte[] Root = Convert.FromHexString("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    [Fact]
    public void ToText_Checkpoint_FollowsTlogCheckpointLayout()
    {
        var checkpoint = new Checkpoint("example.com/log", 8, Root);

        Assert.Equal("example.com/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n", checkpoint.ToText());
    }

    [Fact]
    public void Sign_Ed25519_VerifiesWithGoReferenceNoteVerifier()
    {
        using var key = SignatureSuites.Ed25519.GenerateKey();
        var checkpoint = new Checkpoint("example.com/log", 8, Root);
        var note = CheckpointNote.Sign(checkpoint, key);

        var (exitCode, output) = GoNoteCheck.Open(NoteKeys.VerifierKey("example.com/log", key.PublicKey), note);

        Assert.True(exitCode == 0, output);
        Assert.Equal(checkpoint.ToText(), output);
    }

    [Fact]
    public void Sign_Ed25519Tampered_IsRejectedByGoReferenceNoteVerifier()
    {
        using var key = SignatureSuites.Ed25519.GenerateKey();
        var note = CheckpointNote.Sign(new Checkpoint("example.com/log", 8, Root), key).Replace("\n8\n", "\n9\n", StringComparison.Ordinal);

        var (exitCode, _) = GoNoteCheck.Open(NoteKeys.VerifierKey("example.com/log", key.PublicKey), note);

        Assert.Equal(1, exitCode);
    }

    [Theory]
    [InlineData("ed25519")]
    [InlineData("sm2")]
    [InlineData("p256")]
    public void TryOpen_SignedByKey_ReturnsTheCheckpoint(string suite)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();
        var checkpoint = new Checkpoint("example.com/log", 1234, Root, ["extension line"]);

        Assert.True(CheckpointNote.TryOpen(CheckpointNote.Sign(checkpoint, key), key.PublicKey, "example.com/log", out var opened, out var error), error);

        Assert.Equal(checkpoint.ToText(), opened!.ToText());
    }

    [Theory]
    [InlineData("ed25519")]
    [InlineData("sm2")]
    [InlineData("p256")]
    public void TryOpen_AnyFlippedByte_IsRejected(string suite)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();
        var note = System.Text.Encoding.UTF8.GetBytes(CheckpointNote.Sign(new Checkpoint("example.com/log", 42, Root), key));

        for (var i = 0; i < note.Length; i++)
        {
            var tampered = (byte[])note.Clone();
            tampered[i] ^= 0x01;
            Assert.False(CheckpointNote.TryOpen(System.Text.Encoding.UTF8.GetString(tampered), key.PublicKey, "example.com/log", out _, out _), $"byte {i} flipped still verifies");
        }
    }

    [Fact]
    public void TryOpen_OtherKey_IsRejected()
    {
        using var key = SignatureSuites.Ed25519.GenerateKey();
        using var other = SignatureSuites.Ed25519.GenerateKey();
        var note = CheckpointNote.Sign(new Checkpoint("example.com/log", 1, Root), key);

        Assert.False(CheckpointNote.TryOpen(note, other.PublicKey, "example.com/log", out _, out var error));
        Assert.Contains("no valid signature", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("o\n01\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n", "line 2")]
    [InlineData("o\n-1\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n", "line 2")]
    [InlineData("o\n1\nAAAA\n", "line 3")]
    [InlineData("o\n1\n", "fewer than three lines")]
    [InlineData("\n1\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n", "line 1")]
    public void TryParse_Malformed_NamesTheLine(string text, string reason)
    {
        Assert.False(Checkpoint.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}

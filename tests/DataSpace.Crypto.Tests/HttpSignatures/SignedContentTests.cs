using System.Security.Cryptography;
using DataSpace.Crypto.HttpSignatures;

namespace DataSpace.Crypto.Tests.HttpSignatures;

/// <summary>
/// A signed body read once through its digest into pooled segments: bounded by the limit and the server's budget,
/// stopping at the first byte beyond either, and handed on as a stream of exactly the bytes read.
/// </summary>
public sealed class SignedContentTests
{
    private static byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(SignedContent.SegmentBytes)]
    [InlineData((3 * SignedContent.SegmentBytes) + 17)]
    public async Task ReadAsync_BodyWithinTheLimit_GivesBackTheSameBytesAndMatchesItsDigest(int length)
    {
        var body = Bytes(length);
        var budget = new ContentBudget(1024 * 1024);
        using var digest = ContentDigestVerifier.TryCreate(ContentDigest.Compute(body), out _)!;

        using (var content = await SignedContent.ReadAsync(new TrickleStream(body, 1000), length, digest, budget, CancellationToken.None))
        {
            Assert.Equal(SignedContentFailure.None, content.Failure);
            using var copy = new MemoryStream();
            await content.OpenRead().CopyToAsync(copy);
            Assert.Equal(body, copy.ToArray());
            var again = new byte[length];
            var stream = content.OpenRead();
            Assert.Equal(length, stream.ReadAtLeast(again, length, throwOnEndOfStream: false));
            Assert.Equal(body, again);
            Assert.True(budget.InUse > 0);
        }

        Assert.True(digest.Verify(out var detail), detail);
        Assert.Equal(0, budget.InUse);
    }

    [Fact]
    public async Task ReadAsync_EndlessBody_StopsJustPastTheLimit()
    {
        var endless = new EndlessStream();
        var budget = new ContentBudget(1024 * 1024);

        using var content = await SignedContent.ReadAsync(endless, 100_000, digest: null, budget, CancellationToken.None);

        Assert.Equal(SignedContentFailure.TooLarge, content.Failure);
        Assert.InRange(endless.Served, 100_001, 100_000 + SignedContent.SegmentBytes);
        Assert.Equal(0, budget.InUse);
    }

    [Fact]
    public async Task ReadAsync_BudgetSpent_StopsAndGivesEverythingBack()
    {
        var budget = new ContentBudget(4 * SignedContent.SegmentBytes);
        Assert.True(budget.TryTake(3 * SignedContent.SegmentBytes));

        using var content = await SignedContent.ReadAsync(new EndlessStream(), 1024 * 1024, digest: null, budget, CancellationToken.None);

        Assert.Equal(SignedContentFailure.OverBudget, content.Failure);
        Assert.Equal(3 * SignedContent.SegmentBytes, budget.InUse);
    }

    [Fact]
    public async Task ReadAsync_BodyStreamFails_GivesTheBudgetBack()
    {
        var budget = new ContentBudget(1024 * 1024);

        await Assert.ThrowsAsync<IOException>(() => SignedContent.ReadAsync(new FailingStream(), 1024 * 1024, digest: null, budget, CancellationToken.None));

        Assert.Equal(0, budget.InUse);
    }

    [Fact]
    public void ContentDigestVerifier_DigestOfPiecesEqualsDigestOfTheWhole()
    {
        var body = Bytes(100_003);
        var header = $"{ContentDigest.Compute(body)}, {ContentDigest.Compute(body, ContentDigestAlgorithm.Sha512)}";
        using var verifier = ContentDigestVerifier.TryCreate(header, out _)!;

        foreach (var piece in body.Chunk(4099))
        {
            verifier.Append(piece);
        }

        Assert.Equal(body.Length, verifier.Length);
        Assert.True(verifier.Verify(out var detail), detail);
    }

    [Fact]
    public void ContentDigestVerifier_OneByteChanged_NamesTheMember()
    {
        var body = Bytes(1000);
        using var verifier = ContentDigestVerifier.TryCreate(ContentDigest.Compute(body), out _)!;
        body[500] ^= 1;

        verifier.Append(body);

        Assert.False(verifier.Verify(out var detail));
        Assert.Contains("sha-256 digest does not match", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("md5=:AAAA:", "no sha-256 or sha-512 member")]
    [InlineData("sha-256=\"x\"", "not a byte sequence")]
    [InlineData("sha-256=:", "")]
    public void ContentDigestVerifier_MalformedField_IsNoVerifier(string header, string expected)
    {
        Assert.Null(ContentDigestVerifier.TryCreate(header, out var detail));
        Assert.Contains(expected, detail, StringComparison.Ordinal);
    }

    /// <summary>Serves a body a few bytes per read, as a network does.</summary>
    private sealed class TrickleStream(byte[] body, int piece) : MemoryStream(body)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, piece)], cancellationToken);
    }

    /// <summary>A body that never ends, counting what it served; nothing is allocated for it.</summary>
    private sealed class EndlessStream : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            RandomNumberGenerator.Fill(buffer.AsSpan(offset, count));
            Served += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class FailingStream : MemoryStream
    {
        private int _reads;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ++_reads < 3 ? ValueTask.FromResult(buffer.Length) : throw new IOException("the client went away");
    }
}

using System.Security.Cryptography;
using System.Text;
using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Tests.Data;

/// <summary>The digest of a partitioned folder as docs/sandbox-data.md, "The digest of a folder", defines it.</summary>
public sealed class FolderDigestTests
{
    private const string A = "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
    private const string B = "sha256:fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9";

    private static readonly PartDigest[] Parts =
    [
        new("region=12/part-0.parquet", 1024, B),
        new("region=11/part-0.parquet", 2048, A),
    ];

    [Fact]
    public void CanonicalText_TheDocumentsExample_IsTheDomainLineAndOneSortedLinePerFile()
    {
        Assert.Equal(
            "dataspace-parquet-folder/v1\n" +
            $"region=11/part-0.parquet\t2048\t{A}\n" +
            $"region=12/part-0.parquet\t1024\t{B}\n",
            FolderDigest.CanonicalText(Parts));
    }

    [Fact]
    public void Of_IsTheSha256OfTheCanonicalTextWhateverTheOrderGiven()
    {
        var expected = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(FolderDigest.CanonicalText(Parts))));

        Assert.Equal(expected, FolderDigest.Of(Parts));
        Assert.Equal(expected, FolderDigest.Of(Parts.Reverse()));
    }

    [Fact]
    public void Of_AnotherSizeDigestOrPath_IsAnotherDigest()
    {
        var digest = FolderDigest.Of(Parts);

        Assert.NotEqual(digest, FolderDigest.Of([Parts[0], Parts[1] with { Size = 2049 }]));
        Assert.NotEqual(digest, FolderDigest.Of([Parts[0], Parts[1] with { Digest = B }]));
        Assert.NotEqual(digest, FolderDigest.Of([Parts[0], Parts[1] with { RelativePath = "region=11/part-9.parquet" }]));
        Assert.NotEqual(digest, FolderDigest.Of([Parts[0]]));
    }

    [Fact]
    public void Of_SortsByUtf8BytesNotUtf16()
    {
        // U+FF21 (3 UTF-8 bytes EF BC A1) sorts before U+1F600 (4 bytes F0 ...) in UTF-8, after it in UTF-16 (DBxx surrogates).
        PartDigest wide = new("\uFF21.parquet", 1, A), emoji = new("\U0001F600.parquet", 1, A);

        var text = FolderDigest.CanonicalText([emoji, wide]);

        Assert.True(text.IndexOf('\uFF21', StringComparison.Ordinal) < text.IndexOf("\U0001F600", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("a\tb.parquet")]
    [InlineData("a\nb.parquet")]
    [InlineData("")]
    public void Of_APathThatWouldBreakTheLines_Throws(string path)
    {
        Assert.Throws<ArgumentException>(() => FolderDigest.Of([new PartDigest(path, 1, A)]));
    }
}

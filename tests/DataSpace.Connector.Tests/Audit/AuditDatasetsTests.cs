using DataSpace.Connector.Audit;
using DataSpace.Crypto.Log;

namespace DataSpace.Connector.Tests.Audit;

/// <summary>
/// The datasets an entry names (docs/audit-log.md, "Datasets of an entry"): parsed from its resource and its
/// <c>dataset</c> detail, each part an id by the one grammar; a digest, a path or a near miss is never one.
/// </summary>
public sealed class AuditDatasetsTests
{
    [Theory]
    [InlineData("dataset/tax", null, new[] { "tax" })]
    [InlineData("offer/o-1", "tax", new[] { "tax" })]
    [InlineData("job/j-1", "tax,social", new[] { "tax", "social" })]
    [InlineData("dataset/tax", "tax", new[] { "tax" })]
    [InlineData("job/j-1", "tax,,tax,social", new[] { "tax", "social" })]
    [InlineData("dataset/tax/period/2026-12-03T00:00:00Z", null, new string[0])]
    [InlineData("datasets/tax", "../etc, tax", new string[0])]
    [InlineData("dataset/", "", new string[0])]
    [InlineData("job/j-1", ".hidden,a/b,tax.", new string[0])]
    public void Of_ResourceAndDatasetDetail_TheIdsNamed(string resource, string? detail, string[] expected)
    {
        var entry = Entry(resource, detail is null ? null : new Dictionary<string, string> { ["dataset"] = detail });

        Assert.Equal(expected, AuditDatasets.Of(entry));
    }

    [Fact]
    public void Of_ADatasetDigest_IsNotAnId()
    {
        var entry = Entry("job/j-1", new Dictionary<string, string> { ["agreement"] = "tax" }) with
        {
            Digests = new Dictionary<string, string> { ["dataset"] = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" },
        };

        Assert.Empty(AuditDatasets.Of(entry));
    }

    private static LogEntry Entry(string resource, IReadOnlyDictionary<string, string>? details) => new()
    {
        When = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero),
        Actor = "urn:party:operator",
        Action = "dataset.read",
        Resource = resource,
        Details = details,
    };
}

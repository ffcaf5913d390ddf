using DataSpace.Policy.Identifiers;

namespace DataSpace.Policy.Tests.Identifiers;

/// <summary>
/// The one id grammar (docs/connector-service.md, "Ids"): what it accepts is one URL path segment that no normaliser
/// changes (RFC 3986 §3.3, §5.2.4), and what a normaliser would change or split is refused, naming the kind.
/// </summary>
public sealed class ResourceIdsTests
{
    public static TheoryData<string> Accepted => ["a", "A-1_b.c:d", "urn:agreement:credit-2025-01", "a..b", "-", "_", ":", "0", new string('x', ResourceIds.MaxLength)];

    [Theory]
    [MemberData(nameof(Accepted))]
    public void IsValid_AcceptedId_IsOnePathSegmentNoNormaliserChanges(string id)
    {
        Assert.True(ResourceIds.IsValid(id));

        // Through .NET's URI parser (dot segments removed, escapes canonicalised) and back: the same single segment.
        var uri = new Uri($"http://connector.example/api/v1/agreements/{id}/revoke");
        Assert.Equal($"/api/v1/agreements/{id}/revoke", uri.AbsolutePath);
        Assert.Equal(id, Uri.UnescapeDataString(uri.Segments[4].TrimEnd('/')));
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("trailing.")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a%2Fb")]
    [InlineData("a%2E")]
    [InlineData("a b")]
    [InlineData("a?b")]
    [InlineData("a#b")]
    [InlineData("é")]
    [InlineData("")]
    [InlineData(null)]
    public void IsValid_IdANormaliserWouldChangeOrSplit_IsRefused(string? id) => Assert.False(ResourceIds.IsValid(id));

    [Fact]
    public void IsValid_LongerThanTheLimit_IsRefused() => Assert.False(ResourceIds.IsValid(new string('x', ResourceIds.MaxLength + 1)));

    [Fact]
    public void Check_RefusedId_NamesTheIdTheKindAndTheGrammar() =>
        Assert.Equal(
            "'..' is not an agreement id (1 to 128 letters, digits, '-', '_', '.' or ':', not beginning or ending with '.')",
            ResourceIds.Check("..", "agreement"));

    [Fact]
    public void Check_LongRefusedId_RepeatsOnlyItsStart() =>
        Assert.StartsWith($"'{new string('x', 64)}...' (300 characters) is not a job id", ResourceIds.Check(new string('x', 299) + "/", "job"), StringComparison.Ordinal);

    [Fact]
    public void Check_AcceptedId_IsNull() => Assert.Null(ResourceIds.Check("credit-2025-01", "agreement"));
}

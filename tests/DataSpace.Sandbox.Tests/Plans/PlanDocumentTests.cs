using System.Text;
using DataSpace.Sandbox.Plans;

namespace DataSpace.Sandbox.Tests.Plans;

public sealed class PlanDocumentTests
{
    [Fact]
    public void Layout_and_member_order_do_not_change_the_digest_but_meaning_does()
    {
        var one = PlanDocument.Parse(Encoding.UTF8.GetBytes(PlanParserTests.Example));
        var reordered = PlanDocument.Parse(Encoding.UTF8.GetBytes("""
            {"measures":[{"bounds":[0,1e6],"column":"income","variance":true,"histogram":[0,250000,500000,750000,1000000],"quantiles":[0.5,0.9]},{"column":"tax","bounds":[0,500000]}],
             "groupBy":[{"column":"region","values":["north","south","east","west"]},{"buckets":[0,10,50,250,1000000],"column":"employees","name":"size"}],
             "filters":[{"column":"year","op":"eq","value":2025},{"column":"industry","op":"isAnyOf","values":["C","F"]}],
             "dataset":"urn:dataset:enterprise-tax-2025","format":"dataspace/analysis-plan/v1"}
            """));
        var other = PlanDocument.Parse(Encoding.UTF8.GetBytes(PlanParserTests.Example.Replace("500000]}", "500001]}", StringComparison.Ordinal)));

        Assert.Equal(one.Digest, reordered.Digest);
        Assert.True(one.Canonical.Span.SequenceEqual(reordered.Canonical.Span));
        Assert.NotEqual(one.Digest, other.Digest);
        Assert.Matches("^sha256:[0-9a-f]{64}$", one.Digest);
        Assert.Equal(one.Digest, PlanDocument.Load(one.Canonical.Span).Digest);
        Assert.True(PlanDocument.IsPlan(one.Canonical.Span));
        Assert.False(PlanDocument.IsPlan("\0asm"u8));
    }

    [Fact]
    public void Duplicate_members_and_stored_text_that_is_not_canonical_are_refused()
    {
        Assert.Contains("not valid JSON", Assert.Throws<PlanException>(() =>
            PlanDocument.Parse("""{"format": "dataspace/analysis-plan/v1", "dataset": "a", "dataset": "b"}"""u8)).Message, StringComparison.Ordinal);
        Assert.Contains("canonical", Assert.Throws<PlanException>(() =>
            PlanDocument.Load("""{"format": "dataspace/analysis-plan/v1", "dataset": "a"}"""u8)).Message, StringComparison.Ordinal);
    }
}

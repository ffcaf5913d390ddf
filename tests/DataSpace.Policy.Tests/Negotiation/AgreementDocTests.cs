using DataSpace.Policy.Negotiation;
using DataSpace.Policy.Tests.Support;

namespace DataSpace.Policy.Tests.Negotiation;

/// <summary>docs/policy-profile.md's worked agreement is what <see cref="AgreementBuilder"/> makes of its offer.</summary>
public sealed class AgreementDocTests
{
    [Fact]
    public void WorkedExample_OfferAndTerms_GiveTheDocumentedAgreement()
    {
        var blocks = TestDocuments.ProfileDocBlocks().Where(b => b.Section == "Agreements").ToList();
        Assert.Equal(2, blocks.Count);
        var offer = TestDocuments.Parse(blocks[0].Json);

        var outcome = AgreementBuilder.Build(offer, new AgreementTerms
        {
            Uid = "urn:agreement:credit-2026-01",
            Assignee = "urn:party:credit-bureau",
            Assigner = "urn:connector:tax",
            Target = "tax-2024",
            Purpose = "credit-statistics",
            ValidFrom = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero),
            ValidUntil = new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero),
        });

        Assert.True(outcome.IsConcluded, string.Join("; ", outcome.Reasons));
        Assert.Equal(TestDocuments.Parse(blocks[1].Json), outcome.Agreement);
    }
}

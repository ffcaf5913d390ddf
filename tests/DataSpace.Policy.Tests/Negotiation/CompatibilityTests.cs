using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Model;
using DataSpace.Policy.Negotiation;
using DataSpace.Policy.Tests.Support;

namespace DataSpace.Policy.Tests.Negotiation;

/// <summary>
/// The published policies of other data spaces (EDC, MVD, Tractus-X, Catena-X, DSP, W3C) as offers: each either is
/// accepted, or is refused with every problem at its path and, for another vocabulary's operand, what to write instead.
/// </summary>
public sealed class CompatibilityTests
{
    public static TheoryData<string> Documents() => TestDocuments.ValidNamesData();

    [Theory]
    [MemberData(nameof(Documents))]
    public void Check_PublishedPolicyAsAnOffer_IsAcceptedOrRefusedWithAPathAndAReason(string name)
    {
        var parsed = PolicyParser.Parse(TestDocuments.Read(name));
        var policy = parsed.Policy!;
        var target = policy.Target?.Uid ?? policy.Permissions.Concat(policy.Prohibitions).Select(r => r.Target?.Uid).FirstOrDefault(t => t is not null) ?? "tax-2024";

        var check = OfferRules.Check(parsed, new OfferContext { DatasetId = target, Columns = ["region", "income"] });

        Assert.Equal(check.IsValid, check.Errors.Count == 0);
        foreach (var error in check.Errors)
        {
            Assert.False(string.IsNullOrWhiteSpace(error.Path), $"{name}: {error}");
            Assert.False(string.IsNullOrWhiteSpace(error.Reason), $"{name}: {error}");
        }
    }

    [Theory]
    [InlineData("edc/mvd-require-membership.json", "admits parties by its trust list")]
    [InlineData("edc/samples-eu-location-policy.json", "write odrl:spatial instead")]
    [InlineData("tractusx/txedc-usage-framework-purpose.json", "write odrl:purpose instead")]
    [InlineData("tractusx/txedc-access-bpn-isanyof.json", "name the party as the rule's assignee")]
    public void Check_AnotherVocabularysOperand_SaysWhatToWriteInstead(string name, string advice)
    {
        var check = OfferRules.Check(PolicyParser.Parse(TestDocuments.Read(name)), new OfferContext { DatasetId = "tax-2024", Columns = ["region"] });

        Assert.Contains(check.Errors, e => e.Path.EndsWith("leftOperand", StringComparison.Ordinal) && e.Reason.Contains(advice, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_DutyNobodyCanPerform_IsRefused()
    {
        // DSP 2024-1's catalog example asks for Creative Commons attribution: the connector cannot perform it.
        var check = OfferRules.Check(PolicyParser.Parse(TestDocuments.Read("dsp/dsp2024-catalog-offer.json")), new OfferContext { DatasetId = "tax", Columns = [] });

        Assert.Equal("odrl:permission[0].odrl:duty.odrl:action", Assert.Single(check.Errors).Path);
    }

    [Theory]
    [InlineData("dsp/dsp2024-dataset-offer.json")]
    [InlineData("dsp/dsp2025-catalog-offer.json")]
    [InlineData("dataspace/dsp-catalog-offer.json")]
    [InlineData("dataspace/edc-prefixed-vocab.json")]
    public void Check_DocumentsInOdrlTerms_AreAcceptedAndConclude(string name)
    {
        var parsed = PolicyParser.Parse(TestDocuments.Read(name));
        var target = parsed.Policy!.Target?.Uid ?? parsed.Policy.Permissions[0].Target?.Uid ?? "tax-2024";
        var check = OfferRules.Check(parsed, new OfferContext { DatasetId = target, Columns = ["region"] });
        Assert.True(check.IsValid, string.Join("; ", check.Errors));

        var outcome = AgreementBuilder.Build(check.Offer!, Agreements.Terms(assignee: check.Offer!.Assignee?.Uid ?? Agreements.Operator) with { Target = target });

        Assert.True(outcome.IsConcluded, string.Join("; ", outcome.Reasons));
        Assert.Equal(PolicyType.Agreement, outcome.Agreement!.Type);
    }
}

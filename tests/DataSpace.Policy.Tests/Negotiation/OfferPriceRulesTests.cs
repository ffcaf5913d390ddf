using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Negotiation;
using DataSpace.Policy.Pricing;
using DataSpace.Policy.Tests.Pricing;

namespace DataSpace.Policy.Tests.Negotiation;

/// <summary>
/// An offer's prices are checked when it is made (docs/metering.md, "Prices in offers and jobs"): a price the connector
/// cannot compute is refused at its path in the document as written, never accepted to deny every job later.
/// </summary>
public sealed class OfferPriceRulesTests
{
    private static readonly OfferContext Tax = new() { DatasetId = "tax-2024", Columns = ["region", "income", "tax"] };

    private static OfferCheck Check(string permissionsJson, string extra = "") => OfferRules.Check(PolicyParser.Parse($$"""
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}],
         "@type": "Offer", "uid": "urn:offer:1", "target": "tax-2024",
         "permission": [{{permissionsJson}}]{{extra}}}
        """), Tax);

    private static string Priced(params string[] duties) => $$"""{"action": "dsc:computeAggregate", "duty": [{{string.Join(", ", duties)}}]}""";

    private static PolicyError Single(OfferCheck check)
    {
        Assert.False(check.IsValid);
        return Assert.Single(check.Errors);
    }

    [Fact]
    public void Check_UnknownPriceBasis_IsRefusedAtItsPath()
    {
        var error = Single(Check(Priced(Prices.Duty("1.00", "perQuery"))));

        Assert.StartsWith("permission[0].duty[0].constraint[1]", error.Path, StringComparison.Ordinal);
        Assert.Contains("perQuery", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UnitOtherThanCny_IsRefusedAtTheUnit()
    {
        var error = Single(Check(Priced(Prices.Duty("1.00", "perRun").Replace("dsc:CNY", "dsc:USD", StringComparison.Ordinal))));

        Assert.Equal("permission[0].duty[0].constraint[0].unit", error.Path);
    }

    [Fact]
    public void Check_NegativeAmount_IsRefusedAtTheAmount()
    {
        var error = Single(Check(Priced(Prices.Duty("-1.00", "perRun"))));

        Assert.Equal("permission[0].duty[0].constraint[0].rightOperand", error.Path);
        Assert.Contains("is not between 0 and", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OverlappingTiers_AreRefusedAtTheLaterDutyNamingTheEarlier()
    {
        var error = Single(Check(Priced(
            Prices.Duty("1.00", "perTenThousandRows", Prices.Tier(null, "1000000")),
            Prices.Duty("0.50", "perTenThousandRows", Prices.Tier("500000", null)))));

        Assert.Equal("permission[0].duty[1]", error.Path);
        Assert.Contains("overlaps permission[0].duty[0]", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_PriceInASecondRuleAfterACompositeOne_IsReportedAtTheDocumentPathNotTheModels()
    {
        // The first rule is two atomic permissions in the model, so the priced rule is the model's permission[2]: the
        // refusal must name permission[1], where the supplier wrote it, and a duty written as one object has no index.
        var check = Check("""{"action": ["dsc:computeAggregate", "dsc:trainModel"]}, """ + """{"action": "use", "duty": """
            + Prices.Duty("1.00", "perRun").Replace("dsc:CNY", "dsc:EUR", StringComparison.Ordinal) + "}");

        Assert.Equal("permission[1].duty.constraint[0].unit", Single(check).Path);
    }

    [Fact]
    public void Check_PriceInTheActionsRefinement_IsReportedThere()
    {
        var check = Check("""
            {"action": "use", "duty": [{"action": {"rdf:value": {"@id": "odrl:compensate"}, "refinement": [
              {"leftOperand": "payAmount", "operator": "eq", "rightOperand": {"@value": "1.00001", "@type": "xsd:decimal"}, "unit": "dsc:CNY"},
              {"leftOperand": "dsc:priceBasis", "operator": "eq", "rightOperand": {"@id": "dsc:perRun"}}]}}]}
            """);

        var error = Single(check);
        Assert.Equal("permission[0].duty[0].action.refinement[0].rightOperand", error.Path);
        Assert.Contains("more than four decimals", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_PolicyLevelCompensateObligation_IsRefusedOnce()
    {
        var check = Check("""{"action": "dsc:computeAggregate"}, {"action": "use"}""", """, "obligation": [""" + Prices.Duty("1.00", "perRun") + "]");

        Assert.Equal("obligation[0]", Single(check).Path);
    }

    [Fact]
    public void Check_PricedSample_IsAcceptedAndKeepsItsSchedule()
    {
        var parsed = PolicyParser.Parse(Samples.SampleFiles.Read("priced-statistics.json"));
        var check = OfferRules.Check(parsed, new OfferContext { DatasetId = "enterprise-tax-2024", Columns = ["region"] });

        Assert.True(check.IsValid, string.Join("; ", check.Errors));
        Assert.True(PriceSchedule.TryParse(check.Offer!, 0, out var schedule, out _));
        Assert.Equal(3, schedule!.Components.Count);
    }
}

using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Negotiation;

namespace DataSpace.Policy.Tests.Negotiation;

/// <summary>
/// An offer's duties must be ones the connector carries out (docs/policy-profile.md, "Duties"): a duty nobody performs
/// (ODRL's delete, attribute, obtainConsent...) is refused at its action when the offer is made, rather than accepted
/// and silently left undone for every job under it.
/// </summary>
public sealed class OfferDutyRulesTests
{
    private static readonly OfferContext Tax = new() { DatasetId = "tax-2024", Columns = ["region", "income", "tax"] };

    private static OfferCheck Check(string duty, bool policyLevel = false) => OfferRules.Check(PolicyParser.Parse($$"""
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}],
         "@type": "Offer", "uid": "urn:offer:1", "target": "tax-2024",
         "permission": [{"action": "dsc:computeAggregate"{{(policyLevel ? "" : ", \"duty\": [" + duty + "]")}}}]
         {{(policyLevel ? ", \"obligation\": [" + duty + "]" : "")}}}
        """), Tax);

    [Theory]
    [InlineData("delete")]
    [InlineData("attribute")]
    [InlineData("obtainConsent")]
    [InlineData("anonymize")]
    public void Check_DutyTheConnectorDoesNotPerform_IsRefusedAtItsAction(string action)
    {
        var check = Check($$"""{"action": "{{action}}"}""");

        Assert.False(check.IsValid);
        var error = Assert.Single(check.Errors);
        Assert.Equal("permission[0].duty[0].action", error.Path);
        Assert.Equal(
            $"the connector cannot carry out the duty 'http://www.w3.org/ns/odrl/2/{action}'; the duties it performs are acceptTracking, inform, reviewPolicy and compensate",
            error.Reason);
    }

    [Fact]
    public void Check_PolicyLevelObligationTheConnectorDoesNotPerform_IsRefusedAtItsAction()
    {
        var check = Check("""{"action": "delete"}""", policyLevel: true);

        var error = Assert.Single(check.Errors);
        Assert.Equal("obligation[0].action", error.Path);
    }

    [Theory]
    [InlineData("acceptTracking")]
    [InlineData("inform")]
    [InlineData("reviewPolicy")]
    public void Check_DutyTheConnectorPerforms_IsAccepted(string action) =>
        Assert.True(Check($$"""{"action": "{{action}}"}""").IsValid);
}

using DataSpace.Policy.Evaluation;
using DataSpace.Policy.Model;
using DataSpace.Policy.Tests.Support;

namespace DataSpace.Policy.Tests.Evaluation;

/// <summary>An agreement's validity never exceeds five years (seed 002, art. 14) and names its party.</summary>
public sealed class AgreementRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static OdrlPolicy Agreement(string constraints, string type = "Agreement", string assignee = "urn:party:operator") => TestDocuments.Parse($$"""
        {"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "{{type}}", "uid": "urn:agreement:1",
         "assigner": "urn:party:supplier", "assignee": "{{assignee}}", "target": "urn:dataset:tax-2024",
         "permission": [{"action": "use", "constraint": [{{constraints}}]}]}
        """);

    [Theory]
    [InlineData("lteq", "2030-12-31T00:00:00Z")]
    [InlineData("lteq", "2031-01-01T00:00:00Z")]
    [InlineData("lt", "2027-01-01T00:00:00Z")]
    public void Check_EndWithinFiveYears_Accepts(string op, string end)
    {
        var reasons = AgreementRules.Check(Agreement($$$"""{"leftOperand": "dateTime", "operator": "{{{op}}}", "rightOperand": {"@value": "{{{end}}}", "@type": "xsd:dateTime"}}"""), Start);

        Assert.Empty(reasons);
    }

    [Fact]
    public void Check_EndAfterFiveYears_Refuses()
    {
        var reasons = AgreementRules.Check(Agreement("""{"leftOperand": "dateTime", "operator": "lteq", "rightOperand": {"@value": "2031-01-01T00:00:01Z", "@type": "xsd:dateTime"}}"""), Start);

        var reason = Assert.Single(reasons);
        Assert.Equal(ReasonKind.ValidityTooLong, reason.Kind);
        Assert.Equal("permission[0].constraint[0]: ends 2031-01-01T00:00:01Z, more than 5 years after the start 2026-01-01T00:00:00Z (at most 2031-01-01T00:00:00Z)",
            reason.ToString());
    }

    [Fact]
    public void Check_NoEnd_Refuses()
    {
        var reasons = AgreementRules.Check(Agreement("""{"leftOperand": "dateTime", "operator": "gteq", "rightOperand": {"@value": "2026-01-01T00:00:00Z", "@type": "xsd:dateTime"}}"""), Start);

        Assert.StartsWith("permission[0]: no end of validity", Assert.Single(reasons).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("P5Y", true)]
    [InlineData("P6Y", false)]
    [InlineData("P60M", true)]
    [InlineData("P1900D", false)]
    public void Check_ElapsedTimeBound_CountsFromStart(string duration, bool accepted)
    {
        var reasons = AgreementRules.Check(Agreement($$$"""{"leftOperand": "elapsedTime", "operator": "lteq", "rightOperand": {"@value": "{{{duration}}}", "@type": "xsd:duration"}}"""), Start);

        Assert.Equal(accepted, reasons.Count == 0);
    }

    [Fact]
    public void Check_EarliestBoundCounts_AcceptsWhenOneBoundIsShort()
    {
        var reasons = AgreementRules.Check(Agreement("""
            {"leftOperand": "dateTime", "operator": "lteq", "rightOperand": {"@value": "2040-01-01T00:00:00Z", "@type": "xsd:dateTime"}},
            {"leftOperand": "elapsedTime", "operator": "lteq", "rightOperand": {"@value": "P1Y", "@type": "xsd:duration"}}
            """), Start);

        Assert.Empty(reasons);
    }

    [Fact]
    public void Check_OfferNotAgreement_Refuses()
    {
        var reasons = AgreementRules.Check(Agreement("""{"leftOperand": "elapsedTime", "operator": "lteq", "rightOperand": {"@value": "P1Y", "@type": "xsd:duration"}}""", "Offer"), Start);

        Assert.Equal("$", Assert.Single(reasons).Path);
    }

    [Fact]
    public void Check_NoAssignee_Refuses()
    {
        var agreement = Agreement("""{"leftOperand": "elapsedTime", "operator": "lteq", "rightOperand": {"@value": "P1Y", "@type": "xsd:duration"}}""") with
        {
            Assignee = null,
            Permissions = [.. Agreement("").Permissions.Select(p => p with { Assignee = null })],
        };

        Assert.Contains(AgreementRules.Check(agreement, Start), r => r.Kind == ReasonKind.AssigneeMismatch && r.Path == "permission[0]");
    }
}

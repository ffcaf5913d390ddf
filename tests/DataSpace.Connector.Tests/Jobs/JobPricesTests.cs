using DataSpace.Connector.Jobs;
using DataSpace.Policy.Evaluation;
using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Model;

namespace DataSpace.Connector.Tests.Jobs;

/// <summary>
/// The connector's check of a permit's price (docs/metering.md, "Prices in offers and jobs"), on permits made by hand:
/// whatever the evaluator returns, a run whose price cannot be computed is refused with the reason (fail closed).
/// </summary>
public sealed class JobPricesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 15, 12, 0, 0, TimeSpan.Zero);

    private static OdrlPolicy Policy(string amount = "20.00", string unit = "dsc:CNY", string basis = "dsc:perRun") => PolicyParser.Parse($$$"""
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}],
         "@type": "Agreement", "uid": "urn:agreement:1", "target": "tax", "assigner": "urn:party:s", "assignee": "urn:party:o",
         "permission": [{"action": "dsc:computeAggregate", "duty": [{"action": "compensate", "constraint": [
           {"leftOperand": "payAmount", "operator": "eq", "rightOperand": {"@value": "{{{amount}}}", "@type": "xsd:decimal"}, "unit": "{{{unit}}}"},
           {"leftOperand": "dsc:priceBasis", "operator": "eq", "rightOperand": {"@id": "{{{basis}}}"}}]}]}]}
        """).Policy!;

    private static Decision Permit(OdrlPolicy policy, bool withObligation = true) => new()
    {
        Effect = DecisionEffect.Permit,
        Permission = "permission[0]",
        PermittedBy = policy.Permissions[0],
        Obligations = withObligation
            ? [new Obligation { Kind = ObligationKind.Compensate, Source = "permission[0].duty[0]", ActionIri = "http://www.w3.org/ns/odrl/2/compensate", Duty = policy.Permissions[0].Duties[0] }]
            : [],
    };

    [Fact]
    public void Refusal_PricedPermitThatPrices_IsNone()
    {
        var policy = Policy();

        Assert.Null(JobPrices.Refusal(policy, Permit(policy), "statistics", 600, Now));
    }

    [Fact]
    public void Refusal_PermitWhoseScheduleDoesNotParse_NamesThePathAndTheProblem()
    {
        var policy = Policy(unit: "dsc:USD");

        var refusal = JobPrices.Refusal(policy, Permit(policy), "statistics", 600, Now);

        Assert.NotNull(refusal);
        Assert.Contains("price cannot be computed", refusal, StringComparison.Ordinal);
        Assert.Contains("permission[0].duty[0].constraint[0].unit", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_PricedRuleWithoutItsCompensateObligation_IsStillChecked()
    {
        var policy = Policy(amount: "-1");

        Assert.Contains("price cannot be computed", JobPrices.Refusal(policy, Permit(policy, withObligation: false), "statistics", 600, Now), StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_CompensateObligationWithoutAPermission_IsRefused()
    {
        var policy = Policy();

        var refusal = JobPrices.Refusal(policy, Permit(policy) with { PermittedBy = null }, "statistics", 600, Now);

        Assert.Contains("names no permission", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_RunWhoseChargeWouldExceedTheLargestAmount_IsRefused()
    {
        // 1,000,000 CNY per 10,000 rows is valid, but a dataset of 2 * 10^11 rows would cost 2 * 10^15 fen: above Fen.MaxValue.
        var policy = Policy(amount: "1000000", basis: "dsc:perTenThousandRows");

        Assert.Null(JobPrices.Refusal(policy, Permit(policy), "statistics", 600, Now));
        Assert.Contains("exceeds", JobPrices.Refusal(policy, Permit(policy), "statistics", 200_000_000_000, Now), StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_FreePermitOrDeny_IsNone()
    {
        var free = PolicyParser.Parse("""
            {"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Agreement", "uid": "urn:agreement:1", "target": "tax",
             "permission": [{"action": "use"}]}
            """).Policy!;

        Assert.Null(JobPrices.Refusal(free, new Decision { Effect = DecisionEffect.Permit, Permission = "permission[0]", PermittedBy = free.Permissions[0] }, "statistics", 600, Now));
        Assert.Null(JobPrices.Refusal(free, Decision.Deny([]), "statistics", 600, Now));
    }
}

using DataSpace.Policy.Evaluation;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.Tests.Pricing;

/// <summary>The evaluator returns a price as a Compensate obligation, and denies a permission whose price cannot be computed.</summary>
public sealed class CompensateObligationTests
{
    private static readonly EvaluationRequest Request = new()
    {
        Action = ActionKind.ComputeAggregate,
        Target = Prices.Dataset,
        Purpose = "research",
        Now = new DateTimeOffset(2026, 11, 15, 0, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public void Evaluate_PricedPermission_ReturnsACompensateObligation()
    {
        var decision = PolicyEvaluator.Evaluate(Prices.Policy(Prices.Duty("20", "perRun")), Request);

        Assert.True(decision.IsPermitted, decision.ToString());
        var obligation = Assert.Single(decision.Obligations);
        Assert.Equal((ObligationKind.Compensate, "permission[0].duty[0]"), (obligation.Kind, obligation.Source));
        Assert.Equal(ActionKind.Compensate, obligation.Duty!.Action.Kind);
    }

    [Fact]
    public void Evaluate_PriceThatCannotBeComputed_DeniesWithThePath()
    {
        var decision = PolicyEvaluator.Evaluate(Prices.Policy(Prices.Duty("20", "perMinute")), Request);

        Assert.False(decision.IsPermitted);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal((ReasonKind.Unsupported, "permission[0].duty[0].constraint[1].rightOperand"), (reason.Kind, reason.Path));
        Assert.Contains("the price cannot be computed: unknown price basis", reason.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PriceOperandInThePermissionsConstraints_Denies()
    {
        var policy = Support.TestDocuments.Parse($$"""
            {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Offer", "target": "{{Prices.Dataset}}",
             "permission": [{"action": "dsc:computeAggregate", "constraint": [{"leftOperand": "dsc:cumulativeUsage", "operator": "lt", "rightOperand": 10}]}]}
            """);

        var decision = PolicyEvaluator.Evaluate(policy, Request);

        Assert.Equal((ReasonKind.Unsupported, "permission[0].constraint[0]"), (Assert.Single(decision.Reasons).Kind, decision.Reasons[0].Path));
    }
}

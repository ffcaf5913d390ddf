using DataSpace.Policy.Evaluation;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.Tests.Samples;

/// <summary>model-training-budget.json permits training one module within epsilon 3.0 and delta 1e-6, as samples/policies/README.md says.</summary>
public sealed class ModelTrainingBudgetEvaluationTests
{
    private static readonly PolicyEvaluator Evaluator = new(SampleFiles.Parse("model-training-budget.json"));

    /// <summary>A training request the README allows: the named module, the research purpose, allowed columns, within the budget.</summary>
    private static EvaluationRequest Training { get; } = new()
    {
        Action = ActionKind.TrainModel,
        Target = "urn:dataset:enterprise-tax-2024",
        Assignee = "urn:party:research-institute",
        Purpose = "tax-compliance-research",
        Now = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero),
        Columns = ["industry", "turnover", "audit_outcome"],
        ModuleDigest = "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
        OutputKind = "dsc:model",
        Epsilon = 1.0,
        Delta = 1e-7,
    };

    [Fact]
    public void Evaluate_EpsilonWithinBudget_PermitsWithSpendEpsilonThree()
    {
        var decision = Evaluator.Evaluate(Training);

        Assert.True(decision.IsPermitted, decision.ToString());
        var spend = Assert.Single(decision.Obligations, o => o.Kind == ObligationKind.SpendEpsilon);
        Assert.Equal(("permission[0].constraint[2]", 3.0), (spend.Source, spend.Value));
    }

    [Fact]
    public void Evaluate_EpsilonWithinBudget_AlsoObligesDeltaSpendAndNotifyingTheSupplier()
    {
        var decision = Evaluator.Evaluate(Training);

        Assert.Equal(
            [(ObligationKind.SpendEpsilon, 3.0), (ObligationKind.SpendDelta, 1e-6), (ObligationKind.NotifySupplier, null)],
            decision.Obligations.Select(o => (o.Kind, o.Value)).Order());
    }

    [Fact]
    public void Evaluate_EpsilonExactlyTheBudget_Permits()
    {
        var decision = Evaluator.Evaluate(Training with { Epsilon = 3.0 });

        Assert.True(decision.IsPermitted, decision.ToString());
    }

    [Fact]
    public void Evaluate_EpsilonAboveBudget_DeniesNamingEpsilon()
    {
        var decision = Evaluator.Evaluate(Training with { Epsilon = 3.5 });

        var reason = Assert.Single(decision.Reasons);
        Assert.Equal((ReasonKind.ConstraintNotSatisfied, "permission[0].constraint[2]"), (reason.Kind, reason.Path));
        Assert.Contains("dsc:epsilon", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_EpsilonMissing_DeniesFailClosed()
    {
        var decision = Evaluator.Evaluate(Training with { Epsilon = null });

        var reason = Assert.Single(decision.Reasons);
        Assert.Equal((ReasonKind.ValueMissing, "permission[0].constraint[2]"), (reason.Kind, reason.Path));
        Assert.Contains("dsc:epsilon", reason.Message, StringComparison.Ordinal);
        Assert.Contains("fail closed", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_DeltaAboveBudget_Denies()
    {
        var decision = Evaluator.Evaluate(Training with { Delta = 1e-5 });

        Assert.Equal("permission[0].constraint[3]", Assert.Single(decision.Reasons).Path);
    }

    [Fact]
    public void Evaluate_OtherModule_Denies()
    {
        var decision = Evaluator.Evaluate(Training with { ModuleDigest = "sha256:fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9" });

        Assert.Equal("permission[0].constraint[4]", Assert.Single(decision.Reasons).Path);
    }

    [Fact]
    public void Evaluate_RawExport_DeniedByProhibition()
    {
        var decision = Evaluator.Evaluate(Training with { Action = ActionKind.RawExport });

        Assert.Equal((ReasonKind.Prohibited, "prohibition[0]"), (decision.Reasons[0].Kind, decision.Reasons[0].Path));
    }
}

using DataSpace.Policy.Evaluation;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.Tests.Samples;

/// <summary>
/// model-training-budget.json permits training with one module, at most five runs, without noise (a module's output is
/// exact, docs/module-review.md), as samples/policies/README.md says.
/// </summary>
public sealed class ModelTrainingBudgetEvaluationTests
{
    private static readonly PolicyEvaluator Evaluator = new(SampleFiles.Parse("model-training-budget.json"));

    /// <summary>A training request the README allows: the named module, the research purpose, allowed columns, the first run.</summary>
    private static EvaluationRequest Training { get; } = new()
    {
        Action = ActionKind.TrainModel,
        Target = "urn:dataset:enterprise-tax-2024",
        Assignee = "urn:party:research-institute",
        Purpose = "tax-compliance-research",
        Now = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero),
        Columns = ["industry", "turnover", "audit_outcome"],
        ModuleDigest = "sha256:42626db6078028a45fd122f12ae48f5745ff7299d6489ee13645934dde4b7705",
        OutputKind = "dsc:model",
        UseCount = 1,
    };

    [Fact]
    public void Evaluate_WithinTheUseCount_PermitsWithoutNoiseAndNotifiesTheSupplier()
    {
        var decision = Evaluator.Evaluate(Training);

        Assert.True(decision.IsPermitted, decision.ToString());
        Assert.Equal([ObligationKind.NotifySupplier], decision.Obligations.Select(o => o.Kind));
    }

    [Fact]
    public void Evaluate_FifthRun_Permits()
    {
        var decision = Evaluator.Evaluate(Training with { UseCount = 5 });

        Assert.True(decision.IsPermitted, decision.ToString());
    }

    [Fact]
    public void Evaluate_SixthRun_DeniesNamingTheCount()
    {
        var decision = Evaluator.Evaluate(Training with { UseCount = 6 });

        var reason = Assert.Single(decision.Reasons);
        Assert.Equal((ReasonKind.ConstraintNotSatisfied, "permission[0].constraint[2]"), (reason.Kind, reason.Path));
        Assert.Contains("count", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_OtherModule_Denies()
    {
        var decision = Evaluator.Evaluate(Training with { ModuleDigest = "sha256:fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9" });

        Assert.Equal("permission[0].constraint[3]", Assert.Single(decision.Reasons).Path);
    }

    [Fact]
    public void Evaluate_RawExport_DeniedByProhibition()
    {
        var decision = Evaluator.Evaluate(Training with { Action = ActionKind.RawExport });

        Assert.Equal((ReasonKind.Prohibited, "prohibition[0]"), (decision.Reasons[0].Kind, decision.Reasons[0].Path));
    }
}

using DataSpace.Policy.Evaluation;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.Tests.Samples;

/// <summary>aggregate-statistics.json decides requests as samples/policies/README.md says: host-computed aggregates only, at least 10 rows per group, with noise.</summary>
public sealed class AggregateStatisticsEvaluationTests
{
    private static readonly PolicyEvaluator Evaluator = new(SampleFiles.Parse("aggregate-statistics.json"));

    /// <summary>A request the README allows: an aggregate over the tax dataset for official statistics, reading allowed columns.</summary>
    private static EvaluationRequest Aggregate { get; } = new()
    {
        Action = ActionKind.ComputeAggregate,
        Target = "urn:dataset:enterprise-tax-2024",
        Assignee = "urn:party:statistics-office",
        Purpose = "official-statistics",
        Now = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero),
        Columns = ["region", "industry", "turnover"],
        OutputKind = "dsc:aggregate",
        Epsilon = 0.5,
        ClassificationLevel = 2,
    };

    [Fact]
    public void Evaluate_AggregateForOfficialStatistics_PermitsWithMinimumGroupSizeTen()
    {
        var decision = Evaluator.Evaluate(Aggregate);

        Assert.True(decision.IsPermitted, decision.ToString());
        Assert.Equal(
            [(ObligationKind.MinimumGroupSize, 10.0), (ObligationKind.SpendEpsilon, 2.0)],
            decision.Obligations.Select(o => (o.Kind, o.Value ?? 0)));
    }

    [Fact]
    public void Evaluate_StatedGroupSizeAtMinimum_Permits()
    {
        var decision = Evaluator.Evaluate(Aggregate with { GroupSize = 10 });

        Assert.True(decision.IsPermitted, decision.ToString());
    }

    [Fact]
    public void Evaluate_StatedGroupSizeBelowMinimum_DeniesNamingGroupSize()
    {
        var decision = Evaluator.Evaluate(Aggregate with { GroupSize = 9 });

        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(ReasonKind.ConstraintNotSatisfied, reason.Kind);
        Assert.Equal("permission[0].constraint[2]: dsc:groupSize gteq 10, actual 9", reason.ToString());
    }

    [Theory]
    [InlineData(ActionKind.RawExport, "prohibition[0]")]
    [InlineData(ActionKind.TrainModel, "prohibition[1]")]
    [InlineData(ActionKind.CustomAnalysis, "prohibition[2]")]
    public void Evaluate_NonAggregateAction_DeniedByItsProhibition(ActionKind action, string prohibition)
    {
        var decision = Evaluator.Evaluate(Aggregate with { Action = action });

        Assert.False(decision.IsPermitted);
        Assert.Contains(decision.Reasons, r => r.Kind == ReasonKind.Prohibited && r.Path == prohibition);
    }

    [Theory]
    [InlineData("dsc:model")]
    [InlineData("dsc:custom")]
    public void Evaluate_AggregateActionWithNonAggregateOutput_Denies(string outputKind)
    {
        var decision = Evaluator.Evaluate(Aggregate with { OutputKind = outputKind });

        Assert.Equal("permission[0].constraint[1]", Assert.Single(decision.Reasons).Path);
    }

    [Fact]
    public void Evaluate_OtherPurpose_Denies()
    {
        var decision = Evaluator.Evaluate(Aggregate with { Purpose = "tax-compliance-research" });

        Assert.Equal("permission[0].constraint[0]", Assert.Single(decision.Reasons).Path);
    }

    [Fact]
    public void Evaluate_ColumnOutsideTheList_Denies()
    {
        var decision = Evaluator.Evaluate(Aggregate with { Columns = ["region", "enterprise_id"] });

        Assert.Equal("permission[0].constraint[3]", Assert.Single(decision.Reasons).Path);
    }

    [Fact]
    public void Evaluate_ClassificationLevelAboveTwo_Denies()
    {
        var decision = Evaluator.Evaluate(Aggregate with { ClassificationLevel = 3 });

        Assert.Equal("permission[0].constraint[4]: dsc:classificationLevel lteq 2, actual 3", Assert.Single(decision.Reasons).ToString());
    }
}

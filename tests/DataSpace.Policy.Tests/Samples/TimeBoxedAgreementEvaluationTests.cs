using DataSpace.Policy.Evaluation;
using DataSpace.Policy.Model;
using DataSpace.Policy.Tests.Support;

namespace DataSpace.Policy.Tests.Samples;

/// <summary>time-boxed-agreement.json permits one purpose, for one party, from 2026-01-01 until before 2026-07-01, as samples/policies/README.md says.</summary>
public sealed class TimeBoxedAgreementEvaluationTests
{
    private const string Name = "time-boxed-agreement.json";
    private const string Institute = "urn:party:housing-policy-institute";

    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly PolicyEvaluator Evaluator = new(SampleFiles.Parse(Name));

    /// <summary>A request the README allows: the institute's fifth job for housing policy evaluation, in March 2026.</summary>
    private static EvaluationRequest Aggregate { get; } = new()
    {
        Action = ActionKind.ComputeAggregate,
        Target = "urn:dataset:enterprise-tax-2024",
        Assignee = Institute,
        Purpose = "housing-policy-evaluation",
        Now = new DateTimeOffset(2026, 3, 15, 10, 0, 0, TimeSpan.Zero),
        UseCount = 5,
        Recipient = Institute,
        OutputKind = "dsc:aggregate",
    };

    public static TheoryData<DateTimeOffset> InsideWindow() => new(Start, new DateTimeOffset(2026, 6, 30, 23, 59, 59, TimeSpan.Zero));

    public static TheoryData<DateTimeOffset, string> OutsideWindow() => new()
    {
        { new DateTimeOffset(2025, 12, 31, 23, 59, 59, TimeSpan.Zero), "permission[0].constraint[1]" },
        { new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero), "permission[0].constraint[2]" },
        { new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), "permission[0].constraint[2]" },
    };

    [Theory]
    [MemberData(nameof(InsideWindow))]
    public void Evaluate_InsideWindowForStatedPurpose_PermitsWithMinimumGroupSizeTen(DateTimeOffset now)
    {
        var decision = Evaluator.Evaluate(Aggregate with { Now = now });

        Assert.True(decision.IsPermitted, decision.ToString());
        Assert.Equal((ObligationKind.MinimumGroupSize, 10.0), (Assert.Single(decision.Obligations).Kind, decision.Obligations[0].Value));
    }

    [Theory]
    [MemberData(nameof(OutsideWindow))]
    public void Evaluate_OutsideWindow_DeniesNamingTheBound(DateTimeOffset now, string bound)
    {
        var decision = Evaluator.Evaluate(Aggregate with { Now = now });

        var reason = Assert.Single(decision.Reasons);
        Assert.Equal((ReasonKind.ConstraintNotSatisfied, bound), (reason.Kind, reason.Path));
    }

    [Fact]
    public void Evaluate_OtherPurpose_Denies()
    {
        var decision = Evaluator.Evaluate(Aggregate with { Purpose = "official-statistics" });

        Assert.Equal("permission[0].constraint[0]", Assert.Single(decision.Reasons).Path);
    }

    [Fact]
    public void Evaluate_OtherAssignee_Denies()
    {
        var decision = Evaluator.Evaluate(Aggregate with { Assignee = "urn:party:statistics-office" });

        Assert.Equal(ReasonKind.AssigneeMismatch, Assert.Single(decision.Reasons).Kind);
    }

    [Fact]
    public void Evaluate_ResultForAnotherRecipient_Denies()
    {
        var decision = Evaluator.Evaluate(Aggregate with { Recipient = "urn:party:statistics-office" });

        Assert.Equal("permission[0].constraint[4]", Assert.Single(decision.Reasons).Path);
    }

    [Fact]
    public void Evaluate_TwentyFirstJob_Denies()
    {
        Assert.True(Evaluator.Evaluate(Aggregate with { UseCount = 20 }).IsPermitted);
        var decision = Evaluator.Evaluate(Aggregate with { UseCount = 21 });

        Assert.Equal("permission[0].constraint[3]: count lteq 20, actual 21", Assert.Single(decision.Reasons).ToString());
    }

    [Fact]
    public void Check_SampleValidForSixMonths_Accepts()
    {
        var reasons = AgreementRules.Check(SampleFiles.Parse(Name), Start);

        Assert.Empty(reasons);
    }

    [Fact]
    public void Check_SampleExtendedToSixYears_Refuses()
    {
        var json = SampleFiles.Read(Name);
        var extended = json.Replace("2026-07-01T00:00:00Z", "2032-01-01T00:00:00Z", StringComparison.Ordinal);
        Assert.NotEqual(json, extended);

        var reason = Assert.Single(AgreementRules.Check(TestDocuments.Parse(extended), Start));

        Assert.Equal(ReasonKind.ValidityTooLong, reason.Kind);
        Assert.Equal("permission[0].constraint[2]: ends 2032-01-01T00:00:00Z, more than 5 years after the start 2026-01-01T00:00:00Z (at most 2031-01-01T00:00:00Z)",
            reason.ToString());
    }
}

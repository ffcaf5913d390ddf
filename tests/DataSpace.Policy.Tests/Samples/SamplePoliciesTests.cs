using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.Tests.Samples;

/// <summary>The walkthrough's policies in samples/policies/ parse to the rules and constraints samples/policies/README.md describes.</summary>
public sealed class SamplePoliciesTests
{
    private const string Dsc = SampleFiles.Dsc;
    private const string TaxDataset = "urn:dataset:enterprise-tax-2024";
    private const string SocialDataset = "urn:dataset:social-insurance-2024";

    public static TheoryData<string> Names() => new(SampleFiles.Names);

    [Fact]
    public void Names_AllFiveSamples_ArePresent()
    {
        Assert.Equal(
            ["aggregate-statistics.json", "model-training-budget.json", "priced-statistics.json", "tax-social-linking.json", "time-boxed-agreement.json"],
            SampleFiles.Names);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Parse_Sample_ProhibitsRawExportAndRoundTrips(string name)
    {
        var policy = SampleFiles.Parse(name);

        Assert.Contains(policy.Prohibitions, p => p.Action.Kind == ActionKind.RawExport);
        Assert.Equal([Dsc], policy.Profiles);
        Assert.Equal(policy, PolicyParser.Parse(PolicySerializer.Serialize(policy)).Policy);
    }

    [Fact]
    public void Parse_AggregateStatistics_AllowsOnlyAggregatesWithMinimumGroupSize()
    {
        var policy = SampleFiles.Parse("aggregate-statistics.json");

        Assert.Equal(PolicyType.Offer, policy.Type);
        var permission = Assert.Single(policy.Permissions);
        Assert.Equal(ActionKind.ComputeAggregate, permission.Action.Kind);
        Assert.Equal(TaxDataset, permission.Target?.Uid);
        Assert.Equal(10, SampleFiles.Single(permission, LeftOperand.GroupSize).RightOperand!.Integer);
        Assert.Equal(ConstraintOperator.Gteq, SampleFiles.Single(permission, LeftOperand.GroupSize).Operator);
        Assert.Equal([Dsc + "aggregate"], SampleFiles.Lexicals(SampleFiles.Single(permission, LeftOperand.OutputKind)));
        Assert.Equal("official-statistics", SampleFiles.Single(permission, LeftOperand.Purpose).RightOperand!.Lexical);
        Assert.Equal(ConstraintOperator.IsPartOf, SampleFiles.Single(permission, LeftOperand.Column).Operator);
        Assert.Equal(
            [ActionKind.RawExport, ActionKind.TrainModel, ActionKind.CustomAnalysis],
            policy.Prohibitions.Select(p => p.Action.Kind));
    }

    [Fact]
    public void Parse_ModelTrainingBudget_AllowsTrainingByOneModuleFiveTimesWithoutNoise()
    {
        var policy = SampleFiles.Parse("model-training-budget.json");

        var permission = Assert.Single(policy.Permissions);
        Assert.Equal(ActionKind.TrainModel, permission.Action.Kind);
        var count = SampleFiles.Single(permission, LeftOperand.Count);
        Assert.Equal((ConstraintOperator.Lteq, 5L), (count.Operator, count.RightOperand!.Integer));
        Assert.DoesNotContain(SampleFiles.Constraints(permission), c => c.LeftOperand is LeftOperand.Epsilon or LeftOperand.Delta);
        Assert.Equal([Dsc + "model"], SampleFiles.Lexicals(SampleFiles.Single(permission, LeftOperand.OutputKind)));
        Assert.Single(SampleFiles.Lexicals(SampleFiles.Single(permission, LeftOperand.ModuleDigest)), d => d.StartsWith("sha256:", StringComparison.Ordinal));
        var duty = Assert.Single(permission.Duties);
        Assert.Equal((ActionKind.Inform, "urn:party:tax-bureau"), (duty.Action.Kind, duty.Assignee?.Uid));
    }

    [Fact]
    public void Parse_TimeBoxedAgreement_BindsOnePurposeOneRecipientAndAWindow()
    {
        var policy = SampleFiles.Parse("time-boxed-agreement.json");

        Assert.Equal(PolicyType.Agreement, policy.Type);
        var permission = Assert.Single(policy.Permissions);
        Assert.Equal(("urn:party:tax-bureau", "urn:party:housing-policy-institute"), (permission.Assigner?.Uid, permission.Assignee?.Uid));
        Assert.Equal("housing-policy-evaluation", SampleFiles.Single(permission, LeftOperand.Purpose).RightOperand!.Lexical);
        var window = SampleFiles.Constraints(permission).Where(c => c.LeftOperand == LeftOperand.DateTime)
            .Select(c => (c.Operator, c.RightOperand!.DateTime));
        Assert.Equal(
            [
                (ConstraintOperator.Gteq, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)),
                (ConstraintOperator.Lt, new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero)),
            ],
            window);
        Assert.Equal(20, SampleFiles.Single(permission, LeftOperand.Count).RightOperand!.Integer);
        Assert.Equal("urn:party:housing-policy-institute", SampleFiles.Single(permission, LeftOperand.Recipient).RightOperand!.Lexical);
    }

    [Fact]
    public void Parse_TaxSocialLinking_EachDatasetPermitsLinkingWithTheOther()
    {
        var policy = SampleFiles.Parse("tax-social-linking.json");

        Assert.Equal(2, policy.Permissions.Count);
        var byTarget = policy.Permissions.ToDictionary(p => p.Target!.Uid!);
        Assert.Equal([SocialDataset], SampleFiles.Lexicals(SampleFiles.Single(byTarget[TaxDataset], LeftOperand.LinkedDataset)));
        Assert.Equal([TaxDataset], SampleFiles.Lexicals(SampleFiles.Single(byTarget[SocialDataset], LeftOperand.LinkedDataset)));
        Assert.Equal("urn:party:tax-bureau", byTarget[TaxDataset].Assigner?.Uid);
        Assert.Equal("urn:party:social-insurance-agency", byTarget[SocialDataset].Assigner?.Uid);
        Assert.All(policy.Permissions, p => Assert.Equal(20, SampleFiles.Single(p, LeftOperand.GroupSize).RightOperand!.Integer));
        Assert.Equal([TaxDataset, SocialDataset], policy.Prohibitions.Select(p => p.Target?.Uid));
    }
}

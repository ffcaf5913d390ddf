using DataSpace.Policy.Evaluation;
using DataSpace.Policy.Model;
using DataSpace.Policy.Tests.Support;

namespace DataSpace.Policy.Tests.Samples;

/// <summary>tax-social-linking.json lets the tax and social-insurance datasets be linked with each other and nothing else, as samples/policies/README.md says.</summary>
public sealed class TaxSocialLinkingEvaluationTests
{
    private const string Tax = "urn:dataset:enterprise-tax-2024";
    private const string Social = "urn:dataset:social-insurance-2024";
    private const string Third = "urn:dataset:vat-returns-2024";

    private static readonly OdrlPolicy Sample = SampleFiles.Parse("tax-social-linking.json");
    private static readonly DatasetPolicy TaxPolicy = new(Tax, Sample);
    private static readonly DatasetPolicy SocialPolicy = new(Social, Sample);

    /// <summary>
    /// A linking job for labour-market statistics. It reads only the join key, because the request carries one
    /// column list that is checked against each half's own columns, and <c>enterprise_id</c> is the only column both release.
    /// </summary>
    private static EvaluationRequest Linking { get; } = new()
    {
        Action = ActionKind.ComputeAggregate,
        Assignee = "urn:party:statistics-office",
        Purpose = "labour-market-statistics",
        Now = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero),
        Columns = ["enterprise_id"],
        OutputKind = "dsc:aggregate",
        Epsilon = 0.5,
    };

    [Fact]
    public void Check_TaxWithSocial_PermitsWithGroupSizeTwentyFromEachHalf()
    {
        var decision = LinkingRules.Check(TaxPolicy, SocialPolicy, Linking);

        Assert.True(decision.IsPermitted, decision.ToString());
        Assert.Equal(
            [($"{Tax} permission[0].constraint[3]", 20.0), ($"{Social} permission[1].constraint[3]", 20.0)],
            decision.Obligations.Where(o => o.Kind == ObligationKind.MinimumGroupSize).Select(o => (o.Source, o.Value)));
    }

    [Fact]
    public void Check_SocialWithTax_Permits()
    {
        var decision = LinkingRules.Check(SocialPolicy, TaxPolicy, Linking);

        Assert.True(decision.IsPermitted, decision.ToString());
    }

    [Fact]
    public void Check_TaxWithThirdDataset_DeniedByTheTaxHalf()
    {
        var decision = LinkingRules.Check(TaxPolicy, ThirdLinkableWith(Tax), Linking);

        Assert.False(decision.IsPermitted);
        Assert.All(decision.Reasons, r => Assert.StartsWith(Tax, r.Path, StringComparison.Ordinal));
        Assert.Contains($"{Tax} permission[0].constraint[1]: dsc:linkedDataset isPartOf [{Social}], actual [{Third}]", decision.Reasons.Select(r => r.ToString()));
    }

    [Fact]
    public void Check_SocialWithThirdDataset_DeniedByTheSocialHalf()
    {
        var decision = LinkingRules.Check(ThirdLinkableWith(Social), SocialPolicy, Linking);

        Assert.False(decision.IsPermitted);
        Assert.All(decision.Reasons, r => Assert.StartsWith(Social, r.Path, StringComparison.Ordinal));
        Assert.Contains($"{Social} permission[1].constraint[1]: dsc:linkedDataset isPartOf [{Tax}], actual [{Third}]", decision.Reasons.Select(r => r.ToString()));
    }

    [Fact]
    public void Check_OtherPurpose_Denies()
    {
        var decision = LinkingRules.Check(TaxPolicy, SocialPolicy, Linking with { Purpose = "official-statistics" });

        Assert.Equal([$"{Tax} permission[0].constraint[0]", $"{Social} permission[1].constraint[0]"], ConstraintPaths(decision));
    }

    [Fact]
    public void Check_StatedGroupSizeBelowTwenty_Denies()
    {
        var decision = LinkingRules.Check(TaxPolicy, SocialPolicy, Linking with { GroupSize = 19 });

        Assert.Equal([$"{Tax} permission[0].constraint[3]", $"{Social} permission[1].constraint[3]"], ConstraintPaths(decision));
    }

    /// <summary>The reasons from constraints; the Set's other half also reports, as a target mismatch, that it is not about this dataset.</summary>
    private static IEnumerable<string> ConstraintPaths(Decision decision) =>
        decision.Reasons.Where(r => r.Kind != ReasonKind.TargetMismatch).Select(r => r.Path);

    /// <summary>A third dataset whose own policy permits linking with <paramref name="linkable"/>, so only the sample can refuse.</summary>
    private static DatasetPolicy ThirdLinkableWith(string linkable) => new(Third, TestDocuments.Parse($$"""
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}],
         "target": "{{Third}}",
         "permission": [{"action": "dsc:computeAggregate", "constraint": [
           {"leftOperand": "dsc:linkedDataset", "operator": "isPartOf", "rightOperand": [{"@id": "{{linkable}}"}]}]}]}
        """));
}

using DataSpace.Policy.Evaluation;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.Tests.Evaluation;

/// <summary>A job reading two datasets needs each dataset's policy to permit linking with the other (seed 002, art. 21).</summary>
public sealed class LinkingRulesTests
{
    private const string Tax = "urn:dataset:tax-2024";
    private const string Social = "urn:dataset:social-2024";

    private static DatasetPolicy Dataset(string id, string? linkable)
    {
        var constraint = linkable is null ? "" : $$""", "constraint": [{"leftOperand": "dsc:linkedDataset", "operator": "isPartOf", "rightOperand": ["{{linkable}}"]}]""";
        var policy = Support.TestDocuments.Parse($$"""
            {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}],
             "target": "{{id}}", "permission": [{"action": "dsc:computeAggregate"{{constraint}}}]}
            """);
        return new DatasetPolicy(id, policy);
    }

    [Fact]
    public void Check_EachPermitsTheOther_Permits()
    {
        var decision = LinkingRules.Check(Dataset(Tax, Social), Dataset(Social, Tax), Requests.Aggregate);

        Assert.True(decision.IsPermitted, decision.ToString());
    }

    [Fact]
    public void Check_OnlyFirstPermitsSecond_Denies()
    {
        var decision = LinkingRules.Check(Dataset(Tax, Social), Dataset(Social, "urn:dataset:other"), Requests.Aggregate);

        Assert.False(decision.IsPermitted);
        Assert.Equal(
            $"{Social} permission[0].constraint[0]: dsc:linkedDataset isPartOf [urn:dataset:other], actual [{Tax}]",
            Assert.Single(decision.Reasons).ToString());
    }

    [Fact]
    public void Check_OnlySecondPermitsFirst_Denies()
    {
        var decision = LinkingRules.Check(Dataset(Tax, "urn:dataset:other"), Dataset(Social, Tax), Requests.Aggregate);

        Assert.StartsWith(Tax, Assert.Single(decision.Reasons).Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_PolicySilentOnLinking_Denies()
    {
        var decision = LinkingRules.Check(Dataset(Tax, Social), Dataset(Social, null), Requests.Aggregate);

        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(ReasonKind.LinkingNotPermitted, reason.Kind);
        Assert.Equal($"{Social} permission[0]", reason.Path);
    }

    [Fact]
    public void Evaluate_LinkedDatasetsAgainstSilentPolicy_Denies()
    {
        var decision = PolicyEvaluator.Evaluate(Dataset(Tax, null).Policy, Requests.Aggregate with { Target = Tax, LinkedDatasets = [Social] });

        Assert.Equal(ReasonKind.LinkingNotPermitted, Assert.Single(decision.Reasons).Kind);
    }

    [Fact]
    public void Check_SameRequestFacts_UsedForBothPolicies()
    {
        var decision = LinkingRules.Check(Dataset(Tax, Social), Dataset(Social, Tax), Requests.Aggregate with { Action = ActionKind.RawExport });

        Assert.Equal(2, decision.Reasons.Count);
    }
}

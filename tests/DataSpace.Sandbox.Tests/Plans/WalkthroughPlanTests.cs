using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Data;
using DataSpace.Sandbox.Plans;
using DataSpace.Sandbox.Tests.Support;

namespace DataSpace.Sandbox.Tests.Plans;

/// <summary>samples/walkthrough/plan.json, which the README's walkthrough and dsc demo submit, runs over the sample data.</summary>
public sealed class WalkthroughPlanTests
{
    [Fact]
    public void The_walkthrough_plan_runs_over_the_sample_data_with_noise()
    {
        var document = PlanDocument.Parse(File.ReadAllBytes(RepositoryFiles.Find("samples/walkthrough/plan.json")));
        using var tax = DataSources.Open(RepositoryFiles.Find("samples/data/enterprise-tax-2025.csv"), DataFormat.Csv);

        var result = PlanRunner.Run(new PlanRun
        {
            Plan = document.Plan,
            Dataset = new PlanDataset { Id = "enterprise-tax-2025", Schema = tax.Schema, IdentifyingColumns = new HashSet<string> { "enterprise_id" } },
            Data = tax,
            Release = new PlanReleaseOptions { Mechanism = NoiseMechanism.Laplace, Epsilon = 1.0, MinGroupSize = 10 },
        }, CancellationToken.None);

        Assert.Equal(36, result.Groups.Count + result.SuppressedGroups);
        Assert.Equal(5, result.Queries);
        Assert.InRange(result.Groups.Count, 25, 36);
        Assert.Contains(result.Groups, g => g.Key[0] == "Chaoyang" && g.Key[1] == "[0, 10)" && g.Count > 500);
        Assert.Equal(["region", "size"], result.Dimensions);
    }
}

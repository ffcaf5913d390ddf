using Apache.Arrow;
using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Plans;
using DataSpace.Sandbox.Tests.Support;

namespace DataSpace.Sandbox.Tests.Plans;

/// <summary>Joins: inner, on keys unique on both sides, so that one row of either dataset is in at most one joined row.</summary>
public sealed class PlanJoinTests
{
    private const string Plan = """
        {"format": "dataspace/analysis-plan/v1", "dataset": "tax",
         "join": {"dataset": "social", "agreement": "agr-social", "leftKey": "id", "rightKey": "enterprise"},
         "groupBy": [{"column": "region", "values": ["north", "south"]}],
         "measures": [{"column": "tax", "bounds": [0, 1000]}, {"column": "insured", "dataset": "social", "bounds": [0, 100]}]}
        """;

    [Fact]
    public void Rows_join_on_keys_unique_on_both_sides_and_the_rest_are_dropped()
    {
        // id 4 occurs twice in tax and id 5 twice in social: none of their rows count. id 6 has no partner, a null key none.
        int?[] taxIds = [1, 2, 3, 4, 4, 5, 6, null, 7];
        string[] regions = ["north", "north", "south", "north", "south", "north", "south", "north", "south"];
        long[] taxes = [100, 200, 300, 400, 500, 600, 700, 800, 900];
        long?[] socialIds = [7, 5, 3, 2, 1, 5, null, 8];
        double[] insured = [70, 50, 30, 20, 10, 55, 99, 80];

        var result = Run(taxIds, regions, taxes, socialIds, insured);

        var north = result.Groups.Single(g => g.Key[0] == "north");
        Assert.Equal(2, north.Count); // ids 1 and 2
        Assert.Equal(300, north.Values[0].Sum);
        Assert.Equal(30, north.Values[1].Sum);
        var south = result.Groups.Single(g => g.Key[0] == "south");
        Assert.Equal(2, south.Count); // ids 3 and 7
        Assert.Equal(1200, south.Values[0].Sum);
        Assert.Equal(100, south.Values[1].Sum);
    }

    [Fact]
    public void Nothing_joins_when_the_joined_dataset_is_empty()
    {
        var result = Run([1, 2], ["north", "south"], [1, 2], [], []);

        Assert.Empty(result.Groups);
    }

    private static PlanResult Run(int?[] taxIds, string[] regions, long[] taxes, long?[] socialIds, double[] insured)
    {
        var id = new Int32Array.Builder();
        foreach (var value in taxIds)
        {
            id.Append(value);
        }

        var tax = new MemoryDataSource(
            ("id", id.Build()),
            ("region", new StringArray.Builder().AppendRange(regions).Build()),
            ("tax", new Int64Array.Builder().AppendRange(taxes).Build()));
        var enterprise = new Int64Array.Builder();
        foreach (var value in socialIds)
        {
            enterprise.Append(value);
        }

        var social = new MemoryDataSource(("enterprise", enterprise.Build()), ("insured", new DoubleArray.Builder().AppendRange(insured).Build()));
        return PlanRunner.Run(new PlanRun
        {
            Plan = PlanParserTests.Parse(Plan),
            Dataset = new PlanDataset { Id = "tax", Schema = tax.Schema, IdentifyingColumns = new HashSet<string> { "id" } },
            Data = tax,
            JoinedDataset = new PlanDataset { Id = "social", Schema = social.Schema, IdentifyingColumns = new HashSet<string> { "enterprise" } },
            JoinedData = social,
            Release = new PlanReleaseOptions { Mechanism = NoiseMechanism.None, MinGroupSize = 1 },
        }, CancellationToken.None);
    }
}

using DataSpace.Sandbox.Plans;

namespace DataSpace.Sandbox.Tests.Plans;

public sealed class PlanBinderTests
{
    private static readonly PlanDataset Enterprises = PlanTestData.Dataset(PlanTestData.Source(PlanTestData.Enterprises(10, seed: 1)));

    [Theory]
    [InlineData(""" "groupBy": [{"column": "enterprise_id", "values": ["E000001"]}] """, "$.groupBy[0].column", "identifies")]
    [InlineData(""" "measures": [{"column": "enterprise_id", "bounds": [0, 1]}] """, "$.measures[0].column", "identifies")]
    [InlineData(""" "filters": [{"column": "enterprise_id", "op": "eq", "value": "E000001"}] """, "$.filters[0].column", "identifies")]
    [InlineData(""" "filters": [{"column": "enterprise_id", "op": "isNoneOf", "values": ["E000001"]}] """, "$.filters[0].column", "identifies")]
    [InlineData(""" "groupBy": [{"column": "turnover", "values": [1]}] """, "$.groupBy[0].column", "has no column 'turnover'")]
    [InlineData(""" "measures": [{"column": "region", "bounds": [0, 1]}] """, "$.measures[0].column", "must be a number column")]
    [InlineData(""" "measures": [{"column": "active", "bounds": [0, 1]}] """, "$.measures[0].column", "must be a number column")]
    [InlineData(""" "groupBy": [{"column": "region", "buckets": [0, 1]}] """, "$.groupBy[0].buckets", "buckets divide a number column")]
    [InlineData(""" "groupBy": [{"column": "region", "values": [1]}] """, "$.groupBy[0].values[0]", "JSON string")]
    [InlineData(""" "groupBy": [{"column": "year", "values": ["2024"]}] """, "$.groupBy[0].values[0]", "holds integers")]
    [InlineData(""" "groupBy": [{"column": "year", "values": [2024.5]}] """, "$.groupBy[0].values[0]", "holds integers")]
    [InlineData(""" "groupBy": [{"column": "year", "values": [3000000000]}] """, "$.groupBy[0].values[0]", "out of their range")]
    [InlineData(""" "groupBy": [{"column": "active", "values": ["yes"]}] """, "$.groupBy[0].values[0]", "holds booleans")]
    [InlineData(""" "filters": [{"column": "registered", "op": "gt", "value": "30/06/2010"}] """, "$.filters[0].value", "yyyy-MM-dd")]
    [InlineData(""" "filters": [{"column": "region", "op": "lt", "value": "m"}] """, "$.filters[0].op", "compares numbers or dates")]
    [InlineData(""" "measures": [{"column": "income", "bounds": [0, 10], "histogram": [0, 10]}] """, "$.measures[0].histogram", "only with noise")]
    public void A_plan_that_does_not_fit_the_data_is_refused_with_its_path(string body, string path, string problem)
    {
        var plan = PlanParserTests.Parse(PlanTestData.Plan(body));

        var e = Assert.Throws<PlanException>(() => PlanBinder.Check(plan, Enterprises, null, new PlanBindOptions { Noisy = false }));

        Assert.Equal(path, e.Path);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plan_for_another_dataset_or_join_is_refused()
    {
        var plan = PlanParserTests.Parse("""{"format": "dataspace/analysis-plan/v1", "dataset": "urn:dataset:other"}""");
        Assert.Equal("$.dataset", Assert.Throws<PlanException>(() => PlanBinder.Check(plan, Enterprises, null, new PlanBindOptions { Noisy = true })).Path);

        var joining = PlanParserTests.Parse(PlanTestData.Plan(""" "join": {"dataset": "urn:dataset:social", "agreement": "a", "leftKey": "enterprise_id", "rightKey": "id"} """));
        Assert.Equal("$.join", Assert.Throws<PlanException>(() => PlanBinder.Check(joining, Enterprises, null, new PlanBindOptions { Noisy = true })).Path);
    }

    [Fact]
    public void With_noise_a_histogram_and_quantiles_are_allowed_and_the_identifying_column_may_be_a_join_key()
    {
        var plan = PlanParserTests.Parse(PlanTestData.Plan("""
            "measures": [{"column": "income", "bounds": [0, 10], "histogram": [0, 5, 10], "quantiles": [0.5]}]
            """));

        PlanBinder.Check(plan, Enterprises, null, new PlanBindOptions { Noisy = true });
    }
}

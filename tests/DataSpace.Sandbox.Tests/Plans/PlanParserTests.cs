using System.Text;
using DataSpace.Sandbox.Plans;

namespace DataSpace.Sandbox.Tests.Plans;

public sealed class PlanParserTests
{
    internal const string Example = """
        {
          "format": "dataspace/analysis-plan/v1",
          "dataset": "urn:dataset:enterprise-tax-2025",
          "filters": [
            {"column": "year", "op": "eq", "value": 2025},
            {"column": "industry", "op": "isAnyOf", "values": ["C", "F"]}
          ],
          "groupBy": [
            {"column": "region", "values": ["north", "south", "east", "west"]},
            {"column": "employees", "name": "size", "buckets": [0, 10, 50, 250, 1000000]}
          ],
          "measures": [
            {"column": "income", "bounds": [0, 1000000], "variance": true,
             "histogram": [0, 250000, 500000, 750000, 1000000], "quantiles": [0.5, 0.9]},
            {"column": "tax", "bounds": [0, 500000]}
          ]
        }
        """;

    [Fact]
    public void An_example_plan_parses_into_its_parts()
    {
        var plan = Parse(Example);

        Assert.Equal("urn:dataset:enterprise-tax-2025", plan.Dataset);
        Assert.Equal([FilterOperator.Eq, FilterOperator.IsAnyOf], plan.Filters.Select(f => f.Operator));
        Assert.Equal(new PlanValue(PlanValueKind.Number, "2025"), plan.Filters[0].Values[0]);
        Assert.Equal(["region", "size"], plan.Dimensions.Select(d => d.Name));
        Assert.Equal(16, plan.GroupCount);
        Assert.Equal("[10, 50)", plan.Dimensions[1].Label(1));
        var income = plan.Measures[0];
        Assert.Equal((0, 1_000_000, true), (income.Lower, income.Upper, income.Variance));
        Assert.Equal([0.5, 0.9], income.Quantiles);
        Assert.Equal(1_000_000, income.Sensitivity);
        Assert.Null(plan.Join);
        Assert.Equal(["year", "industry", "region", "employees", "income", "tax"], plan.Columns().Select(c => c.Name));
    }

    [Fact]
    public void Number_literals_are_read_in_one_canonical_form()
    {
        var plan = Parse("""{"format":"dataspace/analysis-plan/v1","dataset":"d","groupBy":[{"column":"c","values":[1.0, 2e1, -0.5, 1e-1, 9007199254740993]}]}""");

        Assert.Equal(["1", "20", "-0.5", "0.1", "9007199254740993"], plan.Dimensions[0].Values!.Select(v => v.Text));
    }

    [Fact]
    public void A_join_names_the_other_dataset_and_qualified_columns_resolve_to_it()
    {
        var plan = Parse("""
            {"format": "dataspace/analysis-plan/v1", "dataset": "tax",
             "join": {"dataset": "social", "agreement": "agr-2", "leftKey": "enterprise_id", "rightKey": "enterprise_id"},
             "measures": [{"column": "insured", "dataset": "social", "bounds": [0, 500]}]}
            """);

        Assert.Equal(new PlanJoin { Dataset = "social", Agreement = "agr-2", LeftKey = "enterprise_id", RightKey = "enterprise_id" }, plan.Join);
        Assert.Equal(new PlanColumn("social", "insured"), plan.Measures[0].Column);
        Assert.Equal(["tax"], plan.ColumnsOf("tax").Select(c => "tax").Distinct());
        Assert.Equal(["enterprise_id", "insured"], plan.ColumnsOf("social"));
    }

    [Theory]
    [InlineData("""[]""", "$", "must be an object")]
    [InlineData("""{"dataset": "d"}""", "$.format", "is required")]
    [InlineData("""{"format": "dataspace/analysis-plan/v2", "dataset": "d"}""", "$.format", "must be")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1"}""", "$.dataset", "is required")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "a b"}""", "$.dataset", "must be a dataset id")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": ".."}""", "$.dataset", "must be a dataset id")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "select": "*"}""", "$.select", "is not a field")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "dataset": "e"}""", "$.dataset", "appears twice")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "measures": {}}""", "$.measures", "must be an array")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "measures": [{"column": "x"}]}""", "$.measures[0].bounds", "is required")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "measures": [{"column": "x", "bounds": [5, 5]}]}""", "$.measures[0].bounds", "greater than lower")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "measures": [{"column": "x", "bounds": [0, 1e16]}]}""", "$.measures[0].bounds[1]", "within")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "measures": [{"column": "x", "bounds": [0, "9"]}]}""", "$.measures[0].bounds[1]", "finite number")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "measures": [{"column": "x", "bounds": [0, 9], "quantiles": [0.5]}]}""", "$.measures[0].quantiles", "histogram")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "measures": [{"column": "x", "bounds": [0, 9], "histogram": [0, 5, 10]}]}""", "$.measures[0].histogram", "within the measure's bounds")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "measures": [{"column": "x", "bounds": [0, 9], "histogram": [0, 5, 5]}]}""", "$.measures[0].histogram[2]", "greater than the bound before")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "measures": [{"column": "x", "bounds": [0, 9], "histogram": [0, 9], "quantiles": [0.5, 0.5]}]}""", "$.measures[0].quantiles[1]", "ascend")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "measures": [{"column": "x", "bounds": [0, 9], "histogram": [0, 9], "quantiles": [1]}]}""", "$.measures[0].quantiles[0]", "strictly between")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "measures": [{"column": "x", "bounds": [0, 9], "variance": 1}]}""", "$.measures[0].variance", "true or false")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "measures": [{"column": "count", "bounds": [0, 9]}]}""", "$.measures[0].name", "'count'")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "groupBy": [{"column": "x", "values": [1]}], "measures": [{"column": "x", "bounds": [0, 9]}]}""", "$.measures[0].name", "used twice")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "groupBy": [{"column": "x"}]}""", "$.groupBy[0]", "either")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "groupBy": [{"column": "x", "values": []}]}""", "$.groupBy[0].values", "1 to")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "groupBy": [{"column": "x", "values": ["a", "a"]}]}""", "$.groupBy[0].values[1]", "repeats")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "groupBy": [{"column": "x", "values": [null]}]}""", "$.groupBy[0].values[0]", "string, number or boolean")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "groupBy": [{"column": "x", "buckets": [1]}]}""", "$.groupBy[0].buckets", "2 to 101")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "groupBy": [{"column": "x", "values": ["a"], "dataset": "e"}]}""", "$.groupBy[0].dataset", "joins none")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "groupBy": [{"column": "x\u001b[2J", "values": ["a"]}]}""", "$.groupBy[0].column", "control characters")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "filters": [{"column": "x", "op": "like", "value": "a%"}]}""", "$.filters[0].op", "not an operator")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "filters": [{"column": "x", "op": "eq", "values": [1]}]}""", "$.filters[0]", "takes \"value\"")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "filters": [{"column": "x", "op": "isAnyOf", "value": 1}]}""", "$.filters[0]", "takes \"values\"")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "filters": [{"column": "x", "op": "lt", "value": true}]}""", "$.filters[0].value", "not booleans")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "join": {"dataset": "d", "agreement": "a", "leftKey": "k", "rightKey": "k"}}""", "$.join.dataset", "itself")]
    [InlineData("""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "join": {"dataset": "e", "agreement": "a", "leftKey": "k"}}""", "$.join.rightKey", "is required")]
    public void A_bad_plan_is_refused_with_the_path_of_its_first_problem(string json, string path, string problem)
    {
        var e = Assert.Throws<PlanException>(() => Parse(json));

        Assert.Equal(path, e.Path);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_limits_are_enforced()
    {
        static string Dimensions(int count, int values) =>
            "[" + string.Join(",", Enumerable.Range(0, count).Select(d => $$"""{"column": "c{{d}}", "values": [{{string.Join(",", Enumerable.Range(0, values))}}]}""")) + "]";

        Assert.Equal("$.groupBy", Assert.Throws<PlanException>(() => Parse($$"""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "groupBy": {{Dimensions(5, 2)}} }""")).Path);
        var tooMany = Assert.Throws<PlanException>(() => Parse($$"""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "groupBy": {{Dimensions(2, 101)}} }"""));
        Assert.Equal("$.groupBy[1]", tooMany.Path);
        Assert.Contains("10000 groups", tooMany.Message, StringComparison.Ordinal);
        Assert.Equal(10_000, Parse($$"""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "groupBy": {{Dimensions(2, 100)}} }""").GroupCount);

        var measures = string.Join(",", Enumerable.Range(0, 17).Select(m => $$"""{"column": "m{{m}}", "bounds": [0, 1]}"""));
        Assert.Equal("$.measures", Assert.Throws<PlanException>(() => Parse($$"""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "measures": [{{measures}}]}""")).Path);

        var big = Encoding.UTF8.GetBytes($$"""{"format": "dataspace/analysis-plan/v1", "dataset": "d", "pad": "{{new string('x', PlanLimits.MaxBytes)}}"}""");
        Assert.Contains("the limit is", Assert.Throws<PlanException>(() => PlanParser.Parse(big)).Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", Assert.Throws<PlanException>(() => Parse("{")).Message, StringComparison.Ordinal);
    }

    internal static AnalysisPlan Parse(string json) => PlanParser.Parse(Encoding.UTF8.GetBytes(json));
}

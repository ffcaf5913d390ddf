using DataSpace.Policy.Evaluation;

namespace DataSpace.Policy.Tests.Evaluation;

/// <summary>
/// An analysis plan's filters compare columns with literals, the stuff of differencing attacks: a permission must
/// name the columns they may compare (<c>dsc:filterColumn</c>) and may restrict the comparisons (<c>dsc:filterOperator</c>).
/// </summary>
public sealed class FilterRulesTests
{
    private const string RegionOnly = """{"leftOperand": "dsc:filterColumn", "operator": "isPartOf", "rightOperand": ["region", "year"]}""";
    private const string EqualityOnly = """{"leftOperand": "dsc:filterOperator", "operator": "isPartOf", "rightOperand": [{"@id": "odrl:eq"}, {"@id": "odrl:isAnyOf"}]}""";

    [Fact]
    public void A_permission_silent_on_filters_permits_no_filter_but_permits_a_plan_without_one()
    {
        var policy = Requests.Permission("""{"leftOperand": "purpose", "operator": "eq", "rightOperand": "research"}""");

        var filtered = PolicyEvaluator.Evaluate(policy, Requests.Aggregate with { FilterColumns = ["region"], FilterOperators = ["odrl:eq"] });
        var unfiltered = PolicyEvaluator.Evaluate(policy, Requests.Aggregate);

        Assert.Equal(ReasonKind.FilteringNotPermitted, Assert.Single(filtered.Reasons).Kind);
        Assert.Contains("dsc:filterColumn", filtered.Reasons[0].Message, StringComparison.Ordinal);
        Assert.True(unfiltered.IsPermitted, unfiltered.ToString());
    }

    [Theory]
    [InlineData(new[] { "region" }, new[] { "odrl:eq" }, true)]
    [InlineData(new[] { "region", "year" }, new[] { "odrl:isAnyOf", "odrl:eq" }, true)]
    [InlineData(new[] { "income" }, new[] { "odrl:eq" }, false)]
    [InlineData(new[] { "region" }, new[] { "odrl:lt" }, false)]
    [InlineData(new[] { "region" }, new[] { "http://www.w3.org/ns/odrl/2/eq" }, true)]
    public void Listed_columns_and_comparisons_are_permitted_and_others_are_not(string[] columns, string[] operators, bool permitted)
    {
        var decision = Requests.Evaluate(RegionOnly + "," + EqualityOnly, Requests.Aggregate with { FilterColumns = columns, FilterOperators = operators });

        Assert.Equal(permitted, decision.IsPermitted);
    }

    [Fact]
    public void A_filter_column_constraint_permits_a_plan_without_filters()
    {
        Assert.True(Requests.Evaluate(RegionOnly + "," + EqualityOnly, Requests.Aggregate).IsPermitted);
    }
}

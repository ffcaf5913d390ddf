using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Plans;

namespace DataSpace.Sandbox.Tests.Plans;

/// <summary>Exact plan results against a reference computed row by row with LINQ, over nulls, NaNs and several batches.</summary>
public sealed class PlanEvaluatorTests
{
    private static readonly PlanReleaseOptions Exact = new() { Mechanism = NoiseMechanism.None, MinGroupSize = 1 };

    [Fact]
    public void Grouped_counts_sums_means_and_variances_equal_the_reference_across_batches()
    {
        var rows = PlanTestData.Enterprises(150_000, seed: 1);
        var plan = PlanTestData.Plan("""
            "groupBy": [
              {"column": "region", "values": ["north", "south", "east", "west", "中部", "nowhere"]},
              {"column": "employees", "name": "size", "buckets": [0, 10, 250, 1000, 2000]}
            ],
            "measures": [
              {"column": "income", "bounds": [0, 1000000], "variance": true},
              {"column": "tax", "bounds": [0, 500000]}
            ]
            """);

        var result = Run(plan, rows);

        double[] sizes = [0, 10, 250, 1000, 2000];
        var expected = rows
            .Where(r => r.Region is not null && r.Employees is not null && r.Income is { } income && !double.IsNaN(income))
            .GroupBy(r => (r.Region!, Bucket: Array.FindLastIndex(sizes, s => r.Employees >= s)))
            .Where(g => g.Key.Bucket < 4)
            .ToDictionary(g => $"{g.Key.Item1}|[{sizes[g.Key.Bucket]}, {sizes[g.Key.Bucket + 1]})", g => g.ToList());
        Assert.Equal(expected.Count, result.Groups.Count);
        Assert.Equal(24 - expected.Count, result.SuppressedGroups);
        foreach (var group in result.Groups)
        {
            var reference = expected[string.Join("|", group.Key)];
            Assert.Equal(reference.Count, group.Count);
            var incomes = reference.Select(r => Math.Clamp(r.Income!.Value, 0, 1_000_000)).ToList();
            Assert.Equal(incomes.Sum(), group.Values[0].Sum, 1e-9 * incomes.Sum());
            Assert.Equal(incomes.Average(), group.Values[0].Mean, 1e-6);
            var variance = incomes.Select(v => v * v).Average() - (incomes.Average() * incomes.Average());
            Assert.Equal(variance, group.Values[0].Variance!.Value, variance * 1e-6);
            Assert.Equal(reference.Sum(r => (double)Math.Min(r.Tax, 500_000)), group.Values[1].Sum);
        }

        Assert.Equal(["region", "size"], result.Dimensions);
        Assert.Equal(150_000, result.RowsRead);
    }

    [Theory]
    [InlineData("""{"column": "year", "op": "eq", "value": 2024}""")]
    [InlineData("""{"column": "year", "op": "neq", "value": 2024}""")]
    [InlineData("""{"column": "year", "op": "isAnyOf", "values": [2023, 2025]}""")]
    [InlineData("""{"column": "region", "op": "isNoneOf", "values": ["north", "中部"]}""")]
    [InlineData("""{"column": "employees", "op": "lt", "value": 100}""")]
    [InlineData("""{"column": "employees", "op": "gteq", "value": 1500}""")]
    [InlineData("""{"column": "income", "op": "gt", "value": 500000.5}""")]
    [InlineData("""{"column": "income", "op": "lteq", "value": 0}""")]
    [InlineData("""{"column": "active", "op": "eq", "value": false}""")]
    [InlineData("""{"column": "registered", "op": "lt", "value": "2010-06-30"}""")]
    [InlineData("""{"column": "registered", "op": "eq", "value": "2010-06-30"}""")]
    public void Each_filter_keeps_exactly_the_rows_the_reference_keeps(string filter)
    {
        var rows = PlanTestData.Enterprises(20_000, seed: 2);
        var plan = PlanTestData.Plan($$"""
            "filters": [{{filter}}],
            "measures": [{"column": "tax", "bounds": [0, 1000000]}]
            """);
        var predicate = Reference(PlanParserTests.Parse(plan).Filters[0]);

        var result = Run(plan, rows);

        var kept = rows.Where(predicate).ToList();
        var group = Assert.Single(result.Groups);
        Assert.Equal(kept.Count, group.Count);
        Assert.Equal(kept.Sum(r => (double)r.Tax), group.Values[0].Sum);
    }

    [Fact]
    public void Groups_come_out_in_domain_order_with_their_labels_and_empty_ones_are_withheld()
    {
        var rows = PlanTestData.Enterprises(1_000, seed: 3, withNulls: false);
        var result = Run(PlanTestData.Plan("""
            "groupBy": [{"column": "active", "values": [true, false]}, {"column": "year", "values": [2025, 2023, 1999]}]
            """), rows);

        Assert.Equal(
            [["true", "2025"], ["true", "2023"], ["false", "2025"], ["false", "2023"]],
            result.Groups.Select(g => g.Key.ToArray()));
        Assert.Equal(rows.Count(r => r is { Active: false, Year: 2023 }), result.Groups[3].Count);
        Assert.Equal(2, result.SuppressedGroups);
    }

    [Fact]
    public void An_entity_counts_at_most_its_bound_of_rows()
    {
        // Every enterprise appears three times; with a bound of 2 rows per entity, the third row never counts.
        var rows = PlanTestData.Enterprises(3_000, seed: 4, withNulls: false)
            .Select((r, i) => r with { Id = $"E{i % 1000:D4}" }).ToList();
        var source = PlanTestData.Source(rows);
        var result = PlanRunner.Run(new PlanRun
        {
            Plan = PlanParserTests.Parse(PlanTestData.Plan("""
                "measures": [{"column": "tax", "bounds": [0, 1000000]}]
                """)),
            Dataset = PlanTestData.Dataset(source, entityColumn: "enterprise_id", maxRowsPerEntity: 2),
            Data = source,
            Release = Exact,
        }, CancellationToken.None);

        var group = Assert.Single(result.Groups);
        Assert.Equal(2_000, group.Count);
        Assert.Equal(rows.Take(2_000).Sum(r => (double)r.Tax), group.Values[0].Sum);
        Assert.Equal(("entity", 2), (result.PrivacyUnit, result.RowsPerUnit));
    }

    [Fact]
    public void The_row_sink_receives_each_counted_row_with_its_group()
    {
        var rows = PlanTestData.Enterprises(100_000, seed: 5);
        var sink = new ListSink();
        var source = PlanTestData.Source(rows);
        PlanRunner.Run(new PlanRun
        {
            Plan = PlanParserTests.Parse(PlanTestData.Plan("""
                "filters": [{"column": "year", "op": "eq", "value": 2024}],
                "groupBy": [{"column": "region", "values": ["east", "west"]}]
                """)),
            Dataset = PlanTestData.Dataset(source),
            Data = source,
            Release = Exact,
            Rows = sink,
        }, CancellationToken.None);

        var expected = rows.Select((r, i) => (r, i))
            .Where(x => x.r.Year == 2024 && x.r.Region is "east" or "west" && x.r.Year == 2024)
            .Select(x => (x.r.Region == "east" ? 0 : 1, (long)x.i));
        Assert.Equal(expected, sink.Rows);
    }

    private static PlanResult Run(string plan, IReadOnlyList<Enterprise> rows)
    {
        var source = PlanTestData.Source(rows);
        return PlanRunner.Run(new PlanRun
        {
            Plan = PlanParserTests.Parse(plan),
            Dataset = PlanTestData.Dataset(source),
            Data = source,
            Release = Exact,
        }, CancellationToken.None);
    }

    /// <summary>The filter written again, row by row, independently of the evaluator.</summary>
    private static Func<Enterprise, bool> Reference(PlanFilter filter)
    {
        var literals = filter.Values.Select(v => v.Text).ToList();
        Func<Enterprise, IComparable?> value = filter.Column.Name switch
        {
            "year" => r => (double)r.Year,
            "region" => r => r.Region,
            "employees" => r => r.Employees is { } e ? (double)e : null,
            "income" => r => r.Income is { } i && !double.IsNaN(i) ? i : null,
            "active" => r => r.Active ? "true" : "false",
            "registered" => r => r.Registered.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new ArgumentException(filter.Column.Name),
        };
        object Literal(string text, IComparable sample) => sample is double ? double.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : text;
        return row =>
        {
            var v = value(row);
            if (v is null)
            {
                return false;
            }

            var comparisons = literals.Select(l => v.CompareTo(Literal(l, v))).ToList();
            return filter.Operator switch
            {
                FilterOperator.Eq or FilterOperator.IsAnyOf => comparisons.Any(c => c == 0),
                FilterOperator.Neq or FilterOperator.IsNoneOf => comparisons.All(c => c != 0),
                FilterOperator.Lt => comparisons[0] < 0,
                FilterOperator.Lteq => comparisons[0] <= 0,
                FilterOperator.Gt => comparisons[0] > 0,
                FilterOperator.Gteq => comparisons[0] >= 0,
                _ => throw new ArgumentException(filter.Operator.ToString()),
            };
        };
    }

    private sealed class ListSink : IGroupRowSink
    {
        public List<(int Group, long Row)> Rows { get; } = [];

        public void Add(int group, long row) => Rows.Add((group, row));
    }
}

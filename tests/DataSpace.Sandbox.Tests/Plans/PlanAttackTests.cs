using System.Text.Json;
using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Plans;
using DataSpace.Sandbox.Tests.Aggregation;

namespace DataSpace.Sandbox.Tests.Plans;

/// <summary>
/// Hostile plans (issue 13): each attack either is refused or gets an estimate of its target no better than the
/// documented noise allows. Seeded: the verdicts are the same on every run.
/// </summary>
public sealed class PlanAttackTests
{
    [Fact]
    public void Differencing_by_a_filter_that_leaves_out_the_target_gives_an_estimate_no_better_than_the_noise()
    {
        // The target is the one enterprise of the north with 1234 employees. "North" minus "north without 1234
        // employees" is its income; with epsilon 1 per release and 2 queries, each sum has Laplace noise of scale
        // 2 * 1e6, so the difference has a standard deviation of 2 * 2e6 = 4e6: the documented error.
        var rows = PlanTestData.Enterprises(2_000, seed: 20, withNulls: false).Select(r => r.Employees == 1234 ? r with { Employees = 1233 } : r).ToList();
        rows[7] = rows[7] with { Region = "north", Employees = 1234, Income = 876_543 };
        var all = PlanReleaseTests.State(PlanTestData.Plan("""
            "filters": [{"column": "region", "op": "eq", "value": "north"}],
            "measures": [{"column": "income", "bounds": [0, 1000000]}]
            """), rows, noisy: true);
        var allButTarget = PlanReleaseTests.State(PlanTestData.Plan("""
            "filters": [{"column": "region", "op": "eq", "value": "north"}, {"column": "employees", "op": "neq", "value": 1234}],
            "measures": [{"column": "income", "bounds": [0, 1000000]}]
            """), rows, noisy: true);
        var noise = new SeededNoiseSource(21);
        var errors = new List<double>();
        for (var trial = 0; trial < 2_000; trial++)
        {
            var estimate = Release(all, noise).Values[0].Sum - Release(allButTarget, noise).Values[0].Sum;
            errors.Add(estimate - 876_543);
        }

        var rmse = Math.Sqrt(errors.Average(e => e * e));
        Assert.InRange(rmse, 4e6 * 0.9, 4e6 * 1.1);
        // The estimate is useless: the target's income lies in [0, 1e6], yet the attacker's guess is off by more
        // than that in most trials.
        Assert.True(errors.Count(e => Math.Abs(e) > 1e6) > errors.Count / 2);
    }

    [Fact]
    public void Averaging_many_releases_costs_budget_in_proportion_and_no_release_escapes_it()
    {
        // The attacker repeats the difference n times and averages: the error falls as 1/sqrt(n), exactly as the
        // composed epsilon (n releases of epsilon) says, no faster. Each release states what it spent.
        var rows = PlanTestData.Enterprises(500, seed: 22, withNulls: false);
        var state = PlanReleaseTests.State(PlanTestData.Plan(""" "measures": [{"column": "tax", "bounds": [0, 1000000]}] """), rows, noisy: true);
        var noise = new SeededNoiseSource(23);
        var truth = state.GridSums[0][0] * state.Plan.Measures[0].Granularity;
        var averaged = Enumerable.Range(0, 400).Select(_ =>
            Enumerable.Range(0, 16).Average(_ => Release(state, noise).Values[0].Sum) - truth).ToList();

        var rmse = Math.Sqrt(averaged.Average(e => e * e));
        Assert.InRange(rmse, 2e6 * Math.Sqrt(2) / 4 * 0.85, 2e6 * Math.Sqrt(2) / 4 * 1.15);
        Assert.Single(Release(state, noise).Values);
        Assert.Equal(1.0, PlanRelease.Release(state, PlanReleaseTests.Laplace(1, 1), noise).EpsilonSpent);
    }

    [Fact]
    public void No_plan_lets_one_row_move_more_than_its_own_clamped_contribution()
    {
        // Amplification (a job that copies the target's value into many rows) has no counterpart in a plan: a row
        // only ever contributes its own values, to one group, once. Checked over random plans by removing one row.
        var random = new Random(24);
        for (var trial = 0; trial < 150; trial++)
        {
            var rows = PlanTestData.Enterprises(400, seed: 100 + trial);
            var plan = RandomPlan(random);
            var removed = random.Next(rows.Count);
            var with = PlanReleaseTests.State(plan, rows, noisy: true);
            var without = PlanReleaseTests.State(plan, [.. rows.Where((_, i) => i != removed)], noisy: true);

            Assert.InRange(with.Counts.Zip(without.Counts, (a, b) => Math.Abs(a - b)).Sum(), 0, 1);
            for (var m = 0; m < with.Plan.Measures.Count; m++)
            {
                Assert.InRange(with.GridSums[m].Zip(without.GridSums[m], (a, b) => Math.Abs(a - b)).Sum(), 0, 1 << MeasureDeclaration.GridBits);
                Assert.InRange(with.GridSquares[m].Zip(without.GridSquares[m], (a, b) => Math.Abs(a - b)).Sum(), 0, 1 << MeasureDeclaration.GridBits);
                Assert.InRange(with.Histograms[m].Zip(without.Histograms[m], (a, b) => Math.Abs(a - b)).Sum(), 0, 1);
            }
        }
    }

    [Fact]
    public void An_entity_with_many_rows_moves_the_result_by_at_most_its_bound()
    {
        // One enterprise filed 50 rows; with at most 3 rows per entity, removing it changes the counts by at most 3.
        var rows = PlanTestData.Enterprises(600, seed: 25, withNulls: false);
        var target = Enumerable.Range(0, 50).Select(i => rows[0] with { Id = "TARGET", Tax = 599_999 });
        var plan = PlanParserTests.Parse(PlanTestData.Plan(""" "measures": [{"column": "tax", "bounds": [0, 600000]}] """));

        var with = Evaluate(plan, [.. rows, .. target]);
        var without = Evaluate(plan, rows);

        Assert.Equal(3, with.Counts[0] - without.Counts[0]);
        Assert.InRange(with.GridSums[0][0] - without.GridSums[0][0], 0, 3L << MeasureDeclaration.GridBits);

        static PlanState Evaluate(AnalysisPlan plan, List<Enterprise> rows)
        {
            var source = PlanTestData.Source(rows);
            var bound = PlanBinder.Bind(plan, PlanTestData.Dataset(source, "enterprise_id", 3), null, new PlanBindOptions { Noisy = true });
            return PlanEvaluator.Evaluate(bound, source, null, null, CancellationToken.None);
        }
    }

    [Theory]
    [InlineData(""" "filters": [{"column": "enterprise_id", "op": "eq", "value": "E000007"}], "measures": [{"column": "income", "bounds": [0, 1000000]}] """)]
    [InlineData(""" "groupBy": [{"column": "enterprise_id", "values": ["E000007", "E000008"]}] """)]
    [InlineData(""" "filters": [{"column": "enterprise_id", "op": "isAnyOf", "values": ["E000007"]}] """)]
    public void Targeting_an_enterprise_by_its_identifier_is_refused_before_anything_is_read(string body)
    {
        var source = PlanTestData.Source(PlanTestData.Enterprises(100, seed: 26));

        Assert.Throws<PlanException>(() => PlanRunner.Run(new PlanRun
        {
            Plan = PlanParserTests.Parse(PlanTestData.Plan(body)),
            Dataset = PlanTestData.Dataset(source),
            Data = source,
            Release = PlanReleaseTests.Laplace(1, 5),
        }, CancellationToken.None));
        Assert.Equal(0, source.BatchesRead);
    }

    [Fact]
    public void The_release_carries_no_row_count_of_the_run_and_only_the_groups_of_the_plans_domain()
    {
        var source = PlanTestData.Source(PlanTestData.Enterprises(3_000, seed: 27));
        var result = PlanRunner.Run(new PlanRun
        {
            Plan = PlanParserTests.Parse(PlanTestData.Plan(""" "groupBy": [{"column": "region", "values": ["north", "atlantis"]}] """)),
            Dataset = PlanTestData.Dataset(source),
            Data = source,
            Release = PlanReleaseTests.Laplace(1, 5),
        }, CancellationToken.None);

        var json = JsonSerializer.Serialize(result);
        Assert.DoesNotContain("RowsRead", json, StringComparison.Ordinal);
        Assert.DoesNotContain("3000", json, StringComparison.Ordinal);
        Assert.All(result.Groups, g => Assert.Contains(g.Key[0], new[] { "north", "atlantis" }));
    }

    private static PlanResultGroup Release(PlanState state, INoiseSource noise) =>
        Assert.Single(PlanRelease.Release(state, PlanReleaseTests.Laplace(epsilon: 1, minGroupSize: 1), noise).Groups);

    private static string RandomPlan(Random random)
    {
        string[] filters =
        [
            """{"column": "year", "op": "eq", "value": 2024}""",
            """{"column": "employees", "op": "lt", "value": 1000}""",
            """{"column": "region", "op": "isNoneOf", "values": ["north"]}""",
            """{"column": "active", "op": "eq", "value": true}""",
        ];
        string[] dimensions =
        [
            """{"column": "region", "values": ["north", "south", "east", "west", "中部"]}""",
            """{"column": "employees", "buckets": [0, 100, 500, 2000]}""",
            """{"column": "year", "values": [2023, 2024, 2025]}""",
        ];
        string[] measures =
        [
            """{"column": "income", "bounds": [-50000, 1000000], "variance": true}""",
            """{"column": "tax", "bounds": [0, 300000], "histogram": [0, 100000, 200000, 300000]}""",
            """{"column": "employees", "name": "staff", "bounds": [0, 1500]}""",
        ];
        string Pick(string[] from) => string.Join(", ", from.Where(_ => random.Next(2) == 0));
        return PlanTestData.Plan($$""" "filters": [{{Pick(filters)}}], "groupBy": [{{Pick(dimensions)}}], "measures": [{{Pick(measures)}}] """);
    }
}

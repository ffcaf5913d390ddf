using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Plans;
using DataSpace.Sandbox.Tests.Aggregation;

namespace DataSpace.Sandbox.Tests.Plans;

/// <summary>The noisy release of a plan: calibration, suppression on the noisy count only, post-processing. Seeded, so every verdict is stable.</summary>
public sealed class PlanReleaseTests
{
    [Fact]
    public void Counts_and_sums_get_noise_of_the_documented_scale()
    {
        // One measure: 2 queries (count, sum). Laplace with epsilon 1 per release: scale 2 for counts and
        // 2 * 1000 for sums (sensitivity 1000); a discrete Laplace of scale b has a variance of about 2b².
        var state = State(PlanTestData.Plan(""" "measures": [{"column": "tax", "bounds": [0, 1000]}] """), rows: 2_000, noisy: true);
        var options = Laplace(epsilon: 1, minGroupSize: 1);
        var (counts, sums) = (new List<double>(), new List<double>());
        var noise = new SeededNoiseSource(11);
        for (var trial = 0; trial < 4_000; trial++)
        {
            var group = Assert.Single(PlanRelease.Release(state, options, noise).Groups);
            counts.Add(group.Count - state.Counts[0]);
            sums.Add(group.Values[0].Sum - (state.GridSums[0][0] * state.Plan.Measures[0].Granularity));
        }

        Assert.InRange(StandardDeviation(counts), 2.8 * 0.93, 2.8 * 1.07);
        Assert.InRange(StandardDeviation(sums), 2_828 * 0.93, 2_828 * 1.07);
        Assert.InRange(counts.Average(), -0.2, 0.2);
    }

    [Fact]
    public void Every_query_shares_the_budget_and_an_entity_bound_multiplies_the_noise()
    {
        var plan = PlanTestData.Plan("""
            "measures": [{"column": "tax", "bounds": [0, 1000], "variance": true, "histogram": [0, 500, 1000], "quantiles": [0.5]}]
            """);
        var rows = PlanTestData.Enterprises(3_000, seed: 6, withNulls: false).Select((r, i) => r with { Id = $"E{i % 1000}" }).ToList();
        var source = PlanTestData.Source(rows);
        var bound = PlanBinder.Bind(PlanParserTests.Parse(plan), PlanTestData.Dataset(source, "enterprise_id", 3), null, new PlanBindOptions { Noisy = true });
        var state = PlanEvaluator.Evaluate(bound, source, null, null, CancellationToken.None);
        var noise = new SeededNoiseSource(12);
        var counts = Enumerable.Range(0, 3_000)
            .Select(_ => (double)(PlanRelease.Release(state, Laplace(1, 1), noise).Groups[0].Count - state.Counts[0])).ToList();

        // 4 queries (count, sum, squares, histogram), 3 rows per entity: scale 12, standard deviation about 17.
        Assert.Equal(4, PlanRelease.Queries(bound));
        Assert.InRange(StandardDeviation(counts), 17 * 0.93, 17 * 1.07);
        var result = PlanRelease.Release(state, Laplace(1, 1), noise);
        Assert.Equal(("entity", 3, 4), (result.PrivacyUnit, result.RowsPerUnit, result.Queries));
    }

    [Fact]
    public void A_group_is_released_on_its_noisy_count_so_an_empty_group_can_appear_and_a_full_one_can_vanish()
    {
        // Domain of two years; 2023 has no rows at all, 2024 has exactly the minimum group size.
        var rows = PlanTestData.Enterprises(10, seed: 7, withNulls: false).Select(r => r with { Year = 2024 }).ToList();
        var state = State(PlanTestData.Plan(""" "groupBy": [{"column": "year", "values": [2023, 2024]}] """), rows, noisy: true);
        var noise = new SeededNoiseSource(13);
        var (empty, full) = (0, 0);
        const int Trials = 20_000;
        for (var trial = 0; trial < Trials; trial++)
        {
            var result = PlanRelease.Release(state, Laplace(epsilon: 2, minGroupSize: 3), noise);
            empty += result.Groups.Count(g => g.Key[0] == "2023");
            full += result.Groups.Count(g => g.Key[0] == "2024");
        }

        // Laplace scale 1/2: P[noise >= 3] = e^-6 / (1 + e^-2) ~ 0.22%; P[10 + noise < 3] is about e^-14, never seen.
        Assert.InRange(empty, 10, 100);
        Assert.Equal(Trials, full);
    }

    [Fact]
    public void The_true_count_never_decides_and_neighbouring_counts_are_released_with_probabilities_within_e_to_the_epsilon()
    {
        // The attack "which groups exist" asks whether a group holds m or m+1 rows (the target's). Released iff
        // noisy count >= k: the probabilities must differ by at most e^(epsilon per query).
        var noise = new SeededNoiseSource(14);
        var released = new int[2];
        const int Trials = 40_000;
        for (var m = 0; m < 2; m++)
        {
            var rows = PlanTestData.Enterprises(4 + m, seed: 8, withNulls: false);
            var state = State(PlanTestData.Plan(""" "measures": [{"column": "tax", "bounds": [0, 1]}] """), rows, noisy: true);
            for (var trial = 0; trial < Trials; trial++)
            {
                released[m] += PlanRelease.Release(state, Laplace(epsilon: 1, minGroupSize: 5), noise).Groups.Count;
            }
        }

        // Two queries: epsilon 1/2 per query; e^0.5 = 1.65. With 4 rows about 30% are released, with 5 rows about 50%.
        var ratio = (double)released[1] / released[0];
        Assert.InRange(released[0], Trials / 5, Trials / 2);
        Assert.InRange(ratio, 1.0, Math.Exp(0.5) * 1.05);
    }

    [Fact]
    public void Means_variances_and_quantiles_are_post_processing_of_noisy_values_within_the_bounds()
    {
        var rows = PlanTestData.Enterprises(5_000, seed: 9, withNulls: false);
        var state = State(PlanTestData.Plan("""
            "measures": [{"column": "tax", "bounds": [0, 600000], "variance": true,
                          "histogram": [0, 100000, 200000, 300000, 400000, 500000, 600000], "quantiles": [0.25, 0.5, 0.75]}]
            """), rows, noisy: true);

        var value = Assert.Single(PlanRelease.Release(state, Laplace(epsilon: 5, minGroupSize: 10), new SeededNoiseSource(15)).Groups).Values[0];

        // Tax is uniform on [0, 600000): mean 300000, variance 3e10, quartiles 150000, 300000, 450000.
        Assert.InRange(value.Mean - rows.Average(r => (double)r.Tax), -500, 500);
        Assert.InRange(value.Mean, 290_000, 310_000);
        Assert.InRange(value.Variance!.Value, 2.8e10, 3.2e10);
        Assert.Equal(6, value.Histogram!.Count);
        Assert.All(value.Histogram, bin => Assert.InRange(bin, 700, 1000));
        var sorted = rows.Select(r => (double)r.Tax).Order().ToList();
        Assert.Collection(value.Quantiles!,
            q => Assert.InRange(q!.Value - sorted[1250], -6_000, 6_000),
            q => Assert.InRange(q!.Value - sorted[2500], -6_000, 6_000),
            q => Assert.InRange(q!.Value - sorted[3750], -6_000, 6_000));
    }

    [Fact]
    public void Without_noise_the_true_count_decides_and_values_are_exact()
    {
        var rows = PlanTestData.Enterprises(25, seed: 10, withNulls: false).Select((r, i) => r with { Year = i < 9 ? 2023 : 2024 }).ToList();
        var state = State(PlanTestData.Plan(""" "groupBy": [{"column": "year", "values": [2023, 2024]}], "measures": [{"column": "tax", "bounds": [0, 1000000]}] """), rows, noisy: false);

        var result = PlanRelease.Release(state, new PlanReleaseOptions { Mechanism = NoiseMechanism.None, MinGroupSize = 10 });

        var group = Assert.Single(result.Groups);
        Assert.Equal(["2024"], group.Key);
        Assert.Equal(16, group.Count);
        Assert.Equal(rows.Skip(9).Sum(r => (double)r.Tax), group.Values[0].Sum);
        Assert.Equal((0, 0.0, 1), (result.Queries, result.EpsilonSpent, result.SuppressedGroups));
    }

    [Fact]
    public void Options_that_do_not_match_the_binding_or_are_out_of_range_are_refused()
    {
        var noisy = State(PlanTestData.Plan(""" "measures": [{"column": "tax", "bounds": [0, 1]}] """), rows: 10, noisy: true);

        Assert.Throws<ArgumentException>(() => PlanRelease.Release(noisy, new PlanReleaseOptions { Mechanism = NoiseMechanism.None, MinGroupSize = 1 }));
        Assert.Throws<ArgumentException>(() => PlanRelease.Release(noisy, Laplace(epsilon: 1, minGroupSize: 0)));
        Assert.Throws<ArgumentException>(() => PlanRelease.Release(noisy, Laplace(epsilon: double.NaN, minGroupSize: 1)));
        Assert.Throws<ArgumentException>(() => PlanRelease.Release(noisy, new PlanReleaseOptions { Mechanism = NoiseMechanism.Gaussian, Epsilon = 1, MinGroupSize = 1 }));
    }

    internal static PlanReleaseOptions Laplace(double epsilon, long minGroupSize) =>
        new() { Mechanism = NoiseMechanism.Laplace, Epsilon = epsilon, MinGroupSize = minGroupSize };

    internal static PlanState State(string plan, int rows, bool noisy) =>
        State(plan, PlanTestData.Enterprises(rows, seed: 3, withNulls: false), noisy);

    internal static PlanState State(string plan, IReadOnlyList<Enterprise> rows, bool noisy)
    {
        var source = PlanTestData.Source(rows);
        var bound = PlanBinder.Bind(PlanParserTests.Parse(plan), PlanTestData.Dataset(source), null, new PlanBindOptions { Noisy = noisy });
        return PlanEvaluator.Evaluate(bound, source, null, null, CancellationToken.None);
    }

    internal static double StandardDeviation(IReadOnlyCollection<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}

using System.Text.Json;
using DataSpace.Sandbox.Aggregation;

namespace DataSpace.Sandbox.Tests.Aggregation;

public sealed class AggregateReleaseTests
{
    private static readonly ReleaseOptions Exact = new() { Mechanism = NoiseMechanism.None, MinGroupSize = 1 };

    [Fact]
    public void Release_NoNoise_ReleasesExactCountsSumsAndMeans()
    {
        var state = State(("b", 3, 2.5), ("a", 2, 7));

        var result = AggregateRelease.Release(state, Exact);

        Assert.Equal(["a", "b"], result.Groups.Select(g => g.Key));   // sorted by key, not by first appearance
        Assert.Equal(new ReleasedGroup("a", 2, result.Groups[0].Measures), result.Groups[0]);
        Assert.Equal(new ReleasedValue("value", 14, 7), result.Groups[0].Measures[0]);
        Assert.Equal(new ReleasedValue("value", 7.5, 2.5), result.Groups[1].Measures[0]);
        Assert.Equal(5, result.TotalRows);
        Assert.Equal(0, result.EpsilonSpent);
        Assert.Equal(0, result.DeltaSpent);
        Assert.Equal(0, result.Measures[0].Granularity);
    }

    [Fact]
    public void Release_OneGroupPerRow_SuppressesEverything()
    {
        // The exfiltration attack: one group per row would publish every row's value as a "sum".
        var rows = Enumerable.Range(0, 200).Select(i => ($"person-{i}", 1, 1000.0 + i)).ToArray();
        var state = State(rows);

        var exact = AggregateRelease.Release(state, Exact with { MinGroupSize = 5 });
        var noisy = AggregateRelease.Release(state, Laplace(epsilon: 1, minGroupSize: 5), new SeededNoiseSource(1));

        Assert.Empty(exact.Groups);
        Assert.Equal(200, exact.SuppressedGroups);
        Assert.Empty(noisy.Groups);
        Assert.Equal(200, noisy.SuppressedGroups);
    }

    [Fact]
    public void Release_NoNoise_SuppressesGroupsBelowMinimumOnly()
    {
        var state = State(("small", 4, 1), ("big", 5, 1));

        var result = AggregateRelease.Release(state, Exact with { MinGroupSize = 5 });

        Assert.Equal(["big"], result.Groups.Select(g => g.Key));
        Assert.Equal(1, result.SuppressedGroups);
    }

    [Fact]
    public void Release_WithNoise_SuppressesSmallTrueCountEvenWhenNoiseLiftsIt()
    {
        // Count 9 against a minimum of 10 with very wide noise: the noisy count often clears 10, the true count never does.
        var state = State(Enumerable.Range(0, 300).Select(i => ($"g{i}", 9, 1.0)).ToArray());

        var result = AggregateRelease.Release(state, Laplace(epsilon: 0.05, minGroupSize: 10), new SeededNoiseSource(3));

        Assert.Empty(result.Groups);
        Assert.Equal(300, result.SuppressedGroups);
    }

    [Fact]
    public void Release_WithNoise_SuppressesOnNoisyCount()
    {
        // True count exactly 10 = minimum: released only when the noisy count is still >= 10, about half the time.
        var state = State(Enumerable.Range(0, 400).Select(i => ($"g{i}", 10, 1.0)).ToArray());

        var result = AggregateRelease.Release(state, Laplace(epsilon: 1, minGroupSize: 10), new SeededNoiseSource(4));

        Assert.All(result.Groups, g => Assert.True(g.Count >= 10));
        Assert.InRange(result.SuppressedGroups, 100, 300);
    }

    [Theory]
    [InlineData(NoiseMechanism.Laplace)]
    [InlineData(NoiseMechanism.Gaussian)]
    public void Release_WithNoise_SumsLieOnTheGrid(NoiseMechanism mechanism)
    {
        var state = State(Enumerable.Range(0, 50).Select(i => ($"g{i}", 100, 1.2345678 * i)).ToArray(), upper: 77.7);
        var options = new ReleaseOptions { Mechanism = mechanism, Epsilon = 2, Delta = mechanism == NoiseMechanism.Gaussian ? 1e-6 : null, MinGroupSize = 1 };

        var result = AggregateRelease.Release(state, options, new SeededNoiseSource(5));

        var granularity = result.Measures[0].Granularity;
        Assert.Equal(77.7 / (1 << 20), granularity, 1e-15);
        Assert.Equal(50, result.Groups.Count);
        foreach (var group in result.Groups)
        {
            var steps = group.Measures[0].Sum / granularity;
            Assert.Equal(Math.Round(steps), steps, 1e-6);
            Assert.Equal(group.Measures[0].Sum / group.Count, group.Measures[0].Mean);
        }

        Assert.Contains(result.Groups, g => g.Count != 100);
    }

    [Fact]
    public void Release_Laplace_ReportsEpsilonSplitOverCountAndSums()
    {
        var state = State([("g", 20, 1)], measures: 3);

        var result = AggregateRelease.Release(state, Laplace(epsilon: 2, minGroupSize: 1), new SeededNoiseSource(6));

        Assert.Equal(4, result.Queries);
        Assert.Equal(2, result.EpsilonSpent);
        Assert.Equal(0.5, result.EpsilonPerQuery);
        Assert.Equal(0, result.DeltaSpent);
        Assert.Null(result.TotalRows);
        Assert.Equal(NoiseMechanism.Laplace, result.Mechanism);
    }

    [Fact]
    public void Release_Gaussian_ReportsDeltaSplit()
    {
        var state = State([("g", 20, 1)], measures: 1);

        var result = AggregateRelease.Release(state, new ReleaseOptions { Mechanism = NoiseMechanism.Gaussian, Epsilon = 1, Delta = 1e-6, MinGroupSize = 1 }, new SeededNoiseSource(7));

        Assert.Equal(2, result.Queries);
        Assert.Equal(1e-6, result.DeltaSpent);
        Assert.Equal(5e-7, result.DeltaPerQuery);
        Assert.Equal(0.5, result.EpsilonPerQuery);
    }

    [Fact]
    public void Release_Laplace_CountNoiseHasTheVarianceOfItsEpsilonShare()
    {
        // One measure: two queries, so each count gets epsilon 1/2: discrete Laplace of scale 2,
        // variance 2 e^(1/2) / (e^(1/2) - 1)^2 = 7.83. A wrong split (scale 1: 1.84) fails.
        var state = State(Enumerable.Range(0, 4000).Select(i => ($"g{i:D4}", 100, 1.0)).ToArray());

        var result = AggregateRelease.Release(state, Laplace(epsilon: 1, minGroupSize: 1), new SeededNoiseSource(8));

        var variance = result.Groups.Select(g => (double)(g.Count - 100)).Select(d => d * d).Average();
        Assert.Equal(4000, result.Groups.Count);
        Assert.InRange(variance, 7.83 * 0.9, 7.83 * 1.1);
    }

    [Fact]
    public void Release_Gaussian_CountNoiseHasTheCalibratedVariance()
    {
        // Two queries of (0.5, 5e-7): rho = e^2 / (sqrt(L + e) + sqrt(L))^2 with L = ln(1/5e-7), sigma^2 = 1 / (2 rho).
        var e = 0.5;
        var l = Math.Log(1 / 5e-7);
        var rho = e * e / Math.Pow(Math.Sqrt(l + e) + Math.Sqrt(l), 2);
        var sigmaSquared = 1 / (2 * rho);
        var state = State(Enumerable.Range(0, 2000).Select(i => ($"g{i:D4}", 200, 1.0)).ToArray());

        var result = AggregateRelease.Release(state, new ReleaseOptions { Mechanism = NoiseMechanism.Gaussian, Epsilon = 1, Delta = 1e-6, MinGroupSize = 1 }, new SeededNoiseSource(9));

        var variance = result.Groups.Select(g => (double)(g.Count - 200)).Select(d => d * d).Average();
        Assert.Equal(2000, result.Groups.Count);
        Assert.InRange(variance, sigmaSquared * 0.9, sigmaSquared * 1.1);
    }

    [Fact]
    public void Release_EpsilonAboveTheDocumentedRange_Refused()
    {
        // An epsilon of 1e6 once released sums exact to 0.01; one run may now spend at most 10 (docs/privacy-budget.md).
        var state = State(("g", 50, 3.25));

        var e = Assert.Throws<ArgumentException>(() => AggregateRelease.Release(state, Laplace(epsilon: 1e6, minGroupSize: 1), new SeededNoiseSource(10)));

        Assert.Contains("from 0.001 to 10", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Release_DefaultSource_IsTheCsprng()
    {
        Assert.IsType<CryptoNoiseSource>(AggregateRelease.DefaultNoiseSource);
    }

    [Fact]
    public void Release_DefaultSource_GivesFreshNoiseEachTime()
    {
        var state = State(Enumerable.Range(0, 50).Select(i => ($"g{i}", 100, 1.0)).ToArray());
        var options = Laplace(epsilon: 0.5, minGroupSize: 1);

        var first = AggregateRelease.Release(state, options).Groups.Select(g => g.Count);
        var second = AggregateRelease.Release(state, options).Groups.Select(g => g.Count);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Release_Result_SerialisesToPlainJson()
    {
        var result = AggregateRelease.Release(State(("a", 2, 1)), Exact);

        var json = JsonSerializer.Serialize(result);
        var back = JsonSerializer.Deserialize<AggregateResult>(json);

        Assert.DoesNotContain("SuppressedGroups", json, StringComparison.Ordinal);
        Assert.Contains("\"Mechanism\":\"None\"", json, StringComparison.Ordinal);
        Assert.Equal("a", back!.Groups[0].Key);
        Assert.Equal(2, back.Groups[0].Measures[0].Sum);
    }

    public static TheoryData<ReleaseOptions, string> BadOptions => new()
    {
        { new ReleaseOptions { Mechanism = NoiseMechanism.None, MinGroupSize = 0 }, "MinGroupSize" },
        { new ReleaseOptions { Mechanism = NoiseMechanism.Laplace, Epsilon = null }, "finite Epsilon above 0" },
        { new ReleaseOptions { Mechanism = NoiseMechanism.Laplace, Epsilon = 0 }, "finite Epsilon above 0" },
        { new ReleaseOptions { Mechanism = NoiseMechanism.Laplace, Epsilon = -1 }, "finite Epsilon above 0" },
        { new ReleaseOptions { Mechanism = NoiseMechanism.Laplace, Epsilon = double.NaN }, "finite Epsilon above 0" },
        { new ReleaseOptions { Mechanism = NoiseMechanism.Laplace, Epsilon = double.PositiveInfinity }, "finite Epsilon above 0" },
        { new ReleaseOptions { Mechanism = NoiseMechanism.Laplace, Epsilon = 1, Delta = 1e-6 }, "Delta must not be set" },
        { new ReleaseOptions { Mechanism = NoiseMechanism.Gaussian, Epsilon = 1 }, "Gaussian needs Delta" },
        { new ReleaseOptions { Mechanism = NoiseMechanism.Gaussian, Epsilon = 1, Delta = 0 }, "Gaussian needs Delta" },
        { new ReleaseOptions { Mechanism = NoiseMechanism.Gaussian, Epsilon = 1, Delta = 1 }, "Gaussian needs Delta" },
        { new ReleaseOptions { Mechanism = NoiseMechanism.None, Epsilon = 1 }, "must not be set when Mechanism is None" },
        { new ReleaseOptions { Mechanism = (NoiseMechanism)7, Epsilon = 1 }, "Unknown mechanism" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Release_BadOptions_ThrowsArgumentException(ReleaseOptions options, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => AggregateRelease.Release(State(("a", 1, 1)), options));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static ReleaseOptions Laplace(double epsilon, int minGroupSize) =>
        new() { Mechanism = NoiseMechanism.Laplace, Epsilon = epsilon, MinGroupSize = minGroupSize };

    private static AggregateState State(params (string Key, int Rows, double Value)[] groups) => State(groups, 1, 100);

    private static AggregateState State((string Key, int Rows, double Value)[] groups, int measures = 1, double upper = 100)
    {
        var accumulator = new AggregateAccumulator(new AggregationLimits());
        var ids = Enumerable.Range(0, measures).Select(m => accumulator.DeclareMeasure(m == 0 ? "value" : $"value{m}", 0, upper)).ToArray();
        var rows = groups.SelectMany(g => Enumerable.Repeat((Group: accumulator.Group(g.Key), g.Value), g.Rows)).ToArray();
        accumulator.BeginBatch(rows.Length);
        foreach (var id in ids)
        {
            accumulator.Contribute(id, [], rows.Select(r => r.Group).ToArray(), rows.Select(r => r.Value).ToArray());
        }

        return accumulator.Snapshot();
    }
}

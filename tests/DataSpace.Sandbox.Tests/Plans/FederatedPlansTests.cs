using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Plans;

namespace DataSpace.Sandbox.Tests.Plans;

/// <summary>
/// A federated plan's partials and their combination (docs/federation.md): without noise, the sum of three
/// participants' partials released by <see cref="FederatedPlans.Combine"/> is exactly the statistics of the three
/// datasets together; with noise, each partial differs from the exact state; a plan with a join or a Gaussian release
/// is refused.
/// </summary>
public sealed class FederatedPlansTests
{
    private static readonly string PlanJson = PlanTestData.Plan("""
        "groupBy": [{"column": "region", "values": ["north", "south", "east", "west"]}],
        "measures": [{"column": "tax", "bounds": [0, 600000], "variance": true}]
        """);

    private static readonly PlanReleaseOptions Release = new() { Mechanism = NoiseMechanism.Laplace, Epsilon = 1.0, MinGroupSize = 1 };

    [Fact]
    public void Combine_SumOfPartialsWithoutNoise_IsExactlyTheStatisticsOfAllParticipantsData()
    {
        var plan = PlanParserTests.Parse(PlanJson);
        var cities = Enumerable.Range(0, 3).Select(c => PlanTestData.Enterprises(500 + (c * 100), seed: 40 + c, withNulls: false)).ToList();
        var partials = cities.Select(rows =>
        {
            var source = PlanTestData.Source(rows);
            return FederatedPlans.Contribute(new PlanRun { Plan = plan, Dataset = PlanTestData.Dataset(source), Data = source, Release = Release },
                new FederatedNoise(3, 1), source: null, CancellationToken.None).Vector;
        }).ToList();
        var summed = new long[partials[0].Length];
        foreach (var partial in partials)
        {
            for (var i = 0; i < summed.Length; i++)
            {
                summed[i] += partial[i];
            }
        }

        var anySource = PlanTestData.Source(cities[0]);
        var result = FederatedPlans.Combine(plan, PlanTestData.Dataset(anySource), summed, Release);

        var all = cities.SelectMany(c => c).ToList();
        foreach (var group in result.Groups)
        {
            var rows = all.Where(r => r.Region == group.Key[0]).ToList();
            Assert.Equal(rows.Count, group.Count);
            // Sums are on the fixed-point grid: within a grid step per row of the exact sum.
            var step = 600_000.0 / (1 << MeasureDeclaration.GridBits);
            Assert.InRange(group.Values[0].Sum, rows.Sum(r => r.Tax) - (rows.Count * step), rows.Sum(r => r.Tax) + (rows.Count * step));
        }

        Assert.Equal(4, result.Groups.Count);
    }

    [Fact]
    public void Contribute_WithNoise_EveryValueCarriesAShare()
    {
        var plan = PlanParserTests.Parse(PlanJson);
        var source = PlanTestData.Source(PlanTestData.Enterprises(400, seed: 7, withNulls: false));
        var run = new PlanRun { Plan = plan, Dataset = PlanTestData.Dataset(source), Data = source, Release = Release };

        var exact = FederatedPlans.Contribute(run, new FederatedNoise(3, 1), source: null, CancellationToken.None).Vector;
        var noisy = FederatedPlans.Contribute(run, new FederatedNoise(3, 1), CancellationToken.None).Vector;

        Assert.Equal(exact.Length, noisy.Length);
        Assert.True(exact.Zip(noisy).Count(p => p.First != p.Second) > exact.Length / 2, "most values of a noisy partial should differ from the exact state");
    }

    [Fact]
    public void Contribute_GaussianRelease_IsRefusedNamingTheMechanism()
    {
        var plan = PlanParserTests.Parse(PlanJson);
        var source = PlanTestData.Source(PlanTestData.Enterprises(50, seed: 8, withNulls: false));
        var run = new PlanRun
        {
            Plan = plan, Dataset = PlanTestData.Dataset(source), Data = source,
            Release = new PlanReleaseOptions { Mechanism = NoiseMechanism.Gaussian, Epsilon = 1.0, Delta = 1e-6, MinGroupSize = 1 },
        };

        var refused = Assert.Throws<ArgumentException>(() => FederatedPlans.Contribute(run, new FederatedNoise(2, 1), CancellationToken.None));

        Assert.Contains("Gaussian", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 0)]
    [InlineData(3, 3)]
    public void FederatedNoise_OutOfRange_IsRefused(int participants, int tolerate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FederatedNoise(participants, tolerate));
}

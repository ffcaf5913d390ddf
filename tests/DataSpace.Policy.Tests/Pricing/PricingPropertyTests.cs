using System.Globalization;
using DataSpace.Policy.Pricing;

namespace DataSpace.Policy.Tests.Pricing;

/// <summary>
/// Properties of pricing over random tier tables and usage sequences (seeded, so a failure repeats): splitting usage
/// into jobs never changes the total, the total is the integral of the tier table, and more usage never costs less.
/// </summary>
public sealed class PricingPropertyTests
{
    private const int Tables = 150;
    private const int SequencesPerTable = 20;
    private static readonly DateTimeOffset Now = new(2026, 11, 15, 10, 0, 0, PricingCalendar.Offset);
    private static readonly PriceBasis[] Bases = Enum.GetValues<PriceBasis>();

    [Fact]
    public void Price_UsageSplitIntoAnySequenceOfJobs_CostsTheSameAsOneJobWithTheSum()
    {
        var random = new Random(20261101);
        for (var t = 0; t < Tables; t++)
        {
            var table = RandomTable(random, maxBound: 200_000);
            for (var s = 0; s < SequencesPerTable; s++)
            {
                var start = RandomQuantities(random, 150_000);
                var jobs = Enumerable.Range(0, random.Next(1, 12)).Select(_ => RandomQuantities(random, 40_000)).ToArray();
                var cumulative = start;
                var split = 0m;
                foreach (var job in jobs)
                {
                    split += Pricer.Price(table.Schedule, job, cumulative, Now, null).TotalFen;
                    cumulative += job;
                }

                var whole = Pricer.Price(table.Schedule, jobs.Aggregate(MeterQuantities.Zero, (a, b) => a + b), start, Now, null).TotalFen;
                Assert.True(split == whole, $"table {t}, sequence {s}: jobs {split} fen, one job {whole} fen\n{table.Json}");
            }
        }
    }

    [Fact]
    public void Price_MarginalTiers_EqualTheIntegralOverTheTierTable()
    {
        var random = new Random(20261102);
        for (var t = 0; t < Tables; t++)
        {
            var table = RandomTable(random, maxBound: 3_000);
            for (var s = 0; s < SequencesPerTable; s++)
            {
                var before = RandomQuantities(random, 3_000);
                var run = RandomQuantities(random, 1_500);

                var charge = Pricer.Price(table.Schedule, run, before, Now, null);

                // The oracle walks the usage one meter unit at a time and looks up each unit's tier in the test's own table.
                var expected = 0m;
                foreach (var basis in Bases)
                {
                    for (var unit = before.Of(basis); unit < before.Of(basis) + run.Of(basis); unit++)
                    {
                        expected += table.RateAt(basis, unit);
                    }
                }

                Assert.True(expected == charge.TotalFen, $"table {t}, sequence {s}: integral {expected}, priced {charge.TotalFen}\n{table.Json}");
                Assert.Equal(charge.TotalFen, charge.Lines.Sum(l => l.AmountFen));
            }
        }
    }

    [Fact]
    public void Price_MoreUsage_NeverCostsLess()
    {
        var random = new Random(20261103);
        for (var t = 0; t < Tables; t++)
        {
            var table = RandomTable(random, maxBound: 100_000);
            for (var s = 0; s < SequencesPerTable; s++)
            {
                var before = RandomQuantities(random, 100_000);
                var run = RandomQuantities(random, 50_000);
                var more = run + RandomQuantities(random, 50_000);

                var less = Pricer.Price(table.Schedule, run, before, Now, null).TotalFen;
                var most = Pricer.Price(table.Schedule, more, before, Now, null).TotalFen;

                Assert.True(most >= less, $"table {t}, sequence {s}: {more} costs {most}, {run} costs {less}\n{table.Json}");
            }
        }
    }

    private static MeterQuantities RandomQuantities(Random random, int max) =>
        new(random.Next(0, Math.Min(max, 50)), random.Next(0, max), random.Next(0, max), random.Next(0, Math.Min(max, 50)));

    /// <summary>For each basis, 1-4 contiguous tiers from 0 (some left as gaps), random rates with up to four decimals.</summary>
    private static TierTable RandomTable(Random random, int maxBound)
    {
        var duties = new List<string>();
        var tiers = new List<(PriceBasis Basis, long From, long? To, decimal Rate)>();
        foreach (var basis in Bases)
        {
            var bounds = Enumerable.Range(0, random.Next(0, 4)).Select(_ => (long)random.Next(1, maxBound)).Distinct().Order().Prepend(0).ToArray();
            for (var i = 0; i < bounds.Length; i++)
            {
                if (random.Next(6) == 0)
                {
                    continue; // a gap: usage there is not charged by this basis
                }

                long? to = i + 1 < bounds.Length ? bounds[i + 1] : null;
                var rate = random.Next(0, 1_000_000) / 10_000m;
                tiers.Add((basis, bounds[i], to, rate));
                var (from, upper) = basis == PriceBasis.PerCpuSecond
                    ? ((bounds[i] / 1000m).ToString(CultureInfo.InvariantCulture), to is { } u ? (u / 1000m).ToString(CultureInfo.InvariantCulture) : null)
                    : (bounds[i].ToString(CultureInfo.InvariantCulture), to?.ToString(CultureInfo.InvariantCulture));
                duties.Add(Prices.Duty(rate.ToString(CultureInfo.InvariantCulture), Name(basis), Prices.Tier(from, upper)));
            }
        }

        return new TierTable(Prices.Schedule([.. duties]), tiers, string.Join(",\n", duties));
    }

    private static string Name(PriceBasis basis) => basis switch
    {
        PriceBasis.PerRun => "perRun",
        PriceBasis.PerTenThousandRows => "perTenThousandRows",
        PriceBasis.PerCpuSecond => "perCpuSecond",
        _ => "perRelease",
    };

    private sealed record TierTable(PriceSchedule Schedule, List<(PriceBasis Basis, long From, long? To, decimal Rate)> Tiers, string Json)
    {
        /// <summary>The exact fen one meter unit at cumulative position <paramref name="unit"/> costs.</summary>
        public decimal RateAt(PriceBasis basis, long unit)
        {
            foreach (var tier in Tiers)
            {
                if (tier.Basis == basis && unit >= tier.From && (tier.To is not { } to || unit < to))
                {
                    return tier.Rate * 100m / basis switch { PriceBasis.PerTenThousandRows => 10_000m, PriceBasis.PerCpuSecond => 1_000m, _ => 1m };
                }
            }

            return 0m;
        }
    }
}

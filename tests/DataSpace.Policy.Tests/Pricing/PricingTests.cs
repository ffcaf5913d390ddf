using DataSpace.Policy.Pricing;

namespace DataSpace.Policy.Tests.Pricing;

/// <summary>Pricing one run: exact amounts, marginal tiers, stages and purposes.</summary>
public sealed class PricingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 15, 10, 0, 0, PricingCalendar.Offset);

    [Fact]
    public void Price_PerTenThousandRows_IsExactToTheFractionOfAFen()
    {
        var schedule = Prices.Schedule(Prices.Duty("1.00", "perTenThousandRows"));

        var charge = Pricer.Price(schedule, MeterQuantities.OneRun(12_345, 0, 0), MeterQuantities.Zero, Now, null);

        Assert.Equal(123.45m, charge.TotalFen);
        Assert.Equal(new ChargeLine("permission[0].duty[0]", PriceBasis.PerTenThousandRows, 0, null, 12_345, 1.00m, 123.45m), Assert.Single(charge.Lines));
    }

    [Fact]
    public void Price_PerCpuSecond_CountsMilliseconds()
    {
        var schedule = Prices.Schedule(Prices.Duty("0.0125", "perCpuSecond"));

        Assert.Equal(1.5425m, Price(schedule, MeterQuantities.OneRun(0, 1_234, 0)).TotalFen);
    }

    [Fact]
    public void Price_RunCrossingATierBoundary_PaysEachPartAtItsTiersRate()
    {
        var schedule = Prices.Schedule(
            Prices.Duty("1.00", "perTenThousandRows", Prices.Tier(null, "1000000")),
            Prices.Duty("0.80", "perTenThousandRows", Prices.Tier("1000000", null)));

        var charge = Pricer.Price(schedule, MeterQuantities.OneRun(20_000, 0, 0), new MeterQuantities(7, 990_000, 0, 0), Now, null);

        Assert.Equal([(10_000L, 100m), (10_000L, 80m)], charge.Lines.Select(l => (l.Quantity, l.AmountFen)));
        Assert.Equal(180m, charge.TotalFen);
    }

    [Fact]
    public void Price_SeveralBases_AddUp()
    {
        var schedule = Prices.Schedule(Prices.Duty("20", "perRun"), Prices.Duty("0.5", "perRelease"), Prices.Duty("0.01", "perCpuSecond"));

        Assert.Equal(2000m + 150m + 2m, Price(schedule, MeterQuantities.OneRun(1_000_000, 2_000, 3)).TotalFen);
    }

    [Theory]
    [InlineData("2025-12-31T23:59:59+08:00", 0)]
    [InlineData("2026-01-01T00:00:00+08:00", 500)]
    [InlineData("2026-12-31T15:59:59Z", 500)]
    [InlineData("2027-01-01T00:00:00+08:00", 1200)]
    public void Price_Stages_TheRunsTimePicksTheStage(string at, int fen)
    {
        var schedule = Prices.Schedule(
            Prices.Duty("0", "perRun", Prices.Stage(null, "2026-01-01T00:00:00+08:00")),
            Prices.Duty("5", "perRun", Prices.Stage("2026-01-01T00:00:00+08:00", "2027-01-01T00:00:00+08:00")),
            Prices.Duty("12", "perRun", Prices.Stage("2027-01-01T00:00:00+08:00", null)));

        var charge = Pricer.Price(schedule, MeterQuantities.OneRun(0, 0, 0), MeterQuantities.Zero, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), null);

        Assert.Equal(fen, charge.TotalFen);
        Assert.Single(charge.Lines);
    }

    [Theory]
    [InlineData("public-health", 250)]
    [InlineData("market-research", 1000)]
    [InlineData(null, 1000)]
    public void Price_PublicInterestPurpose_PaysTheDiscountedComponent(string? purpose, int fen)
    {
        var schedule = Prices.Schedule(
            Prices.Duty("2.5", "perRun", """{"leftOperand": "purpose", "operator": "isAnyOf", "rightOperand": ["public-health"]}"""),
            Prices.Duty("10", "perRun", """{"leftOperand": "purpose", "operator": "isNoneOf", "rightOperand": ["public-health"]}"""));

        Assert.Equal(fen, Pricer.Price(schedule, MeterQuantities.OneRun(0, 0, 0), MeterQuantities.Zero, Now, purpose).TotalFen);
    }

    [Fact]
    public void Price_NoComponentApplies_IsFree()
    {
        var schedule = Prices.Schedule(Prices.Duty("5", "perRun", Prices.Stage("2030-01-01T00:00:00Z", null)));

        Assert.Same(RunCharge.Free, Price(schedule, MeterQuantities.OneRun(100, 100, 1)));
    }

    [Fact]
    public void TryPrice_ChargeBeyondTheLimit_FailsWithAReason()
    {
        var schedule = Prices.Schedule(Prices.Duty("1000000", "perRelease"));

        var ok = Pricer.TryPrice(schedule, new MeterQuantities(1, 0, 0, long.MaxValue / 2), MeterQuantities.Zero, Now, null, out _, out var error);

        Assert.False(ok);
        Assert.Contains("exceeds", error, StringComparison.Ordinal);
        Assert.Throws<OverflowException>(() => Price(schedule, new MeterQuantities(1, 0, 0, long.MaxValue / 2)));
    }

    [Fact]
    public void TryPrice_CumulativeUsageOverflow_FailsWithAReason()
    {
        var schedule = Prices.Schedule(Prices.Duty("1", "perRun"));

        Assert.False(Pricer.TryPrice(schedule, new MeterQuantities(2, 0, 0, 0), new MeterQuantities(long.MaxValue - 1, 0, 0, 0), Now, null, out _, out var error));
        Assert.Contains("overflows", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Price_NegativeQuantity_Throws()
    {
        var schedule = Prices.Schedule(Prices.Duty("1", "perRun"));

        Assert.Throws<ArgumentOutOfRangeException>(() => Price(schedule, new MeterQuantities(-1, 0, 0, 0)));
    }

    [Fact]
    public void Total_ExactSumRoundedUpOnce()
    {
        var charges = Enumerable.Repeat(new RunCharge([], 0.0001m), 3).Append(new RunCharge([], 123.45m));

        Assert.Equal((123.4503m, new Fen(124)), RunCharge.Total(charges));
        Assert.Equal((0m, Fen.Zero), RunCharge.Total([]));
    }

    private static RunCharge Price(PriceSchedule schedule, MeterQuantities quantities) =>
        Pricer.Price(schedule, quantities, MeterQuantities.Zero, Now, null);
}

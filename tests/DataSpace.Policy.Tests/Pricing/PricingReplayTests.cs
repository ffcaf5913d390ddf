using DataSpace.Policy.Pricing;

namespace DataSpace.Policy.Tests.Pricing;

/// <summary>Replaying an agreement's runs in log order: cumulative usage per tier period in UTC+8, non-billable runs free.</summary>
public sealed class PricingReplayTests
{
    private static readonly PriceSchedule Tiered = Prices.Schedule(
        Prices.Duty("10", "perRun", Prices.Tier(null, "2")),
        Prices.Duty("1", "perRun", Prices.Tier("2", null)));

    [Fact]
    public void Replay_RunsInOneMonth_CrossTheTierInLogOrder()
    {
        var charges = PricingReplay.Replay(Tiered, [Run("2026-11-02T09:00:00+08:00"), Run("2026-11-03T09:00:00+08:00"), Run("2026-11-04T09:00:00+08:00")]);

        Assert.Equal([1000m, 1000m, 100m], charges.Select(c => c.TotalFen));
    }

    [Fact]
    public void Replay_MonthBoundaryIsMidnightInChina_NotUtc()
    {
        // 2026-10-31T16:30Z is 00:30 on 1 November in Beijing: a new month, so the tiers start again.
        var charges = PricingReplay.Replay(Tiered,
            [Run("2026-10-30T09:00:00+08:00"), Run("2026-10-31T09:00:00+08:00"), Run("2026-10-31T15:59:59Z"), Run("2026-10-31T16:00:00Z")]);

        Assert.Equal([1000m, 1000m, 100m, 1000m], charges.Select(c => c.TotalFen));
    }

    [Fact]
    public void Replay_YearlyTiers_CarryAcrossMonths()
    {
        var schedule = Prices.Schedule(
            Prices.Duty("10", "perRun", Prices.Tier(null, "1") + """, {"leftOperand": "dsc:tierPeriod", "operator": "eq", "rightOperand": "P1Y"}"""),
            Prices.Duty("1", "perRun", Prices.Tier("1", null) + """, {"leftOperand": "dsc:tierPeriod", "operator": "eq", "rightOperand": "P1Y"}"""));

        var charges = PricingReplay.Replay(schedule, [Run("2026-03-01T12:00:00+08:00"), Run("2026-11-01T12:00:00+08:00"), Run("2027-01-01T00:00:00+08:00")]);

        Assert.Equal([1000m, 100m, 1000m], charges.Select(c => c.TotalFen));
    }

    [Fact]
    public void Next_NonBillableRun_IsFreeAndNotCounted()
    {
        var replay = new PricingReplay(Tiered);

        Assert.Same(RunCharge.Free, replay.Next(Run("2026-11-02T09:00:00+08:00") with { Billable = false }));
        Assert.Equal(MeterQuantities.Zero, replay.CumulativeAt(At("2026-11-02T09:00:00+08:00")));
        Assert.Equal(1000m, replay.Next(Run("2026-11-02T10:00:00+08:00")).TotalFen);
    }

    [Fact]
    public void Seed_UsageEarlierInThePeriod_CountsTowardsTiers()
    {
        var replay = new PricingReplay(Tiered);
        replay.Seed(At("2026-11-01T00:00:00+08:00"), new MeterQuantities(5, 0, 0, 0));

        Assert.Equal(100m, replay.Next(Run("2026-11-20T09:00:00+08:00")).TotalFen);
        Assert.Throws<InvalidOperationException>(() => replay.Seed(At("2026-11-02T00:00:00+08:00"), MeterQuantities.Zero));
    }

    [Fact]
    public void Replay_OrderAcrossPeriods_DoesNotMatter()
    {
        var a = Run("2026-10-30T09:00:00+08:00");
        var b = Run("2026-11-02T09:00:00+08:00");

        Assert.Equal(
            PricingReplay.Replay(Tiered, [a, b, a, b, a]).Select(c => c.TotalFen).Order(),
            PricingReplay.Replay(Tiered, [a, a, a, b, b]).Select(c => c.TotalFen).Order());
    }

    [Fact]
    public void PeriodStart_IsTheCalendarMonthOrYearInChina()
    {
        Assert.Equal(At("2026-11-01T00:00:00+08:00"), PricingCalendar.PeriodStart(At("2026-10-31T16:00:00Z"), TierPeriod.Month));
        Assert.Equal(At("2026-12-01T00:00:00+08:00"), PricingCalendar.PeriodEnd(At("2026-11-30T15:59:59Z"), TierPeriod.Month));
        Assert.Equal(At("2027-01-01T00:00:00+08:00"), PricingCalendar.PeriodStart(At("2026-12-31T16:00:00Z"), TierPeriod.Year));
        Assert.Equal(2027, PricingCalendar.YearOf(At("2026-12-31T16:00:00Z")));
    }

    private static MeteredRun Run(string at) => new(At(at), "research", MeterQuantities.OneRun(100, 10, 1), Billable: true);

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}

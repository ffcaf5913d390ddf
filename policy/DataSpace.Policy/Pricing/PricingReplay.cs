namespace DataSpace.Policy.Pricing;

/// <summary>
/// Prices an agreement's runs in log order, carrying each basis's cumulative billable usage per tier period
/// (calendar months or years at UTC+8, <see cref="PricingCalendar"/>): what settlement and the offline verifier call.
/// Deterministic: the same runs in the same order give the same charges on every machine. Within one period the log
/// order decides which run crosses a tier boundary; runs of different periods never affect each other.
/// </summary>
public sealed class PricingReplay
{
    private static readonly PriceBasis[] Bases = Enum.GetValues<PriceBasis>();
    private readonly PriceSchedule _schedule;

    // Keyed by basis and tier period, the period as yyyyMM (a month) or yyyy00 (a year) of UTC+8: no instant to hash.
    private readonly Dictionary<(PriceBasis Basis, int Period), long> _cumulative = [];

    public PricingReplay(PriceSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        _schedule = schedule;
    }

    /// <summary>
    /// Sets the cumulative billable usage already reached, before the first run replayed, in the tier periods holding
    /// <paramref name="at"/> (for a replay that starts inside a period, e.g. a monthly settlement under yearly tiers
    /// whose earlier months are settled). Only before <see cref="Next"/> touched those periods.
    /// </summary>
    public void Seed(DateTimeOffset at, MeterQuantities cumulative)
    {
        cumulative.ThrowIfNegative(nameof(cumulative));
        foreach (var basis in Bases)
        {
            if (!_cumulative.TryAdd(Key(basis, at), cumulative.Of(basis)))
            {
                throw new InvalidOperationException($"the {basis} period starting {PricingCalendar.PeriodStart(at, _schedule.PeriodOf(basis)):O} already has usage; seed before replaying");
            }
        }
    }

    /// <summary>The cumulative billable usage of each basis in the tier periods holding <paramref name="at"/>.</summary>
    public MeterQuantities CumulativeAt(DateTimeOffset at) => new(
        Get(PriceBasis.PerRun, at), Get(PriceBasis.PerTenThousandRows, at), Get(PriceBasis.PerCpuSecond, at), Get(PriceBasis.PerRelease, at));

    /// <summary>
    /// The next run's charge (<see cref="RunCharge.Free"/> when not billable), counting its usage afterwards.
    /// Throws <see cref="OverflowException"/> when it cannot be priced (see <see cref="Pricer.TryPrice"/>).
    /// </summary>
    public RunCharge Next(MeteredRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        run.Quantities.ThrowIfNegative(nameof(run));
        if (!run.Billable)
        {
            return RunCharge.Free;
        }

        var before = CumulativeAt(run.At);
        var after = before + run.Quantities;
        var charge = Pricer.Price(_schedule, run.Quantities, before, run.At, run.Purpose);
        foreach (var basis in Bases)
        {
            _cumulative[Key(basis, run.At)] = after.Of(basis);
        }

        return charge;
    }

    /// <summary>Prices <paramref name="runs"/> in order from zero usage: one charge per run.</summary>
    public static IReadOnlyList<RunCharge> Replay(PriceSchedule schedule, IEnumerable<MeteredRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var replay = new PricingReplay(schedule);
        return [.. runs.Select(replay.Next)];
    }

    private long Get(PriceBasis basis, DateTimeOffset at) => _cumulative.GetValueOrDefault(Key(basis, at));

    private (PriceBasis, int) Key(PriceBasis basis, DateTimeOffset at)
    {
        var local = at.ToOffset(PricingCalendar.Offset);
        return (basis, _schedule.PeriodOf(basis) switch
        {
            TierPeriod.Month => (local.Year * 100) + local.Month,
            TierPeriod.Year => local.Year * 100,
            var period => throw new ArgumentOutOfRangeException(nameof(at), period, "unknown tier period"),
        });
    }
}

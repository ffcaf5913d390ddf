using DataSpace.Connector.Model;
using DataSpace.Crypto.Log;
using DataSpace.Policy.Pricing;

namespace DataSpace.Connector.Settlement;

/// <summary>
/// The price of a job's last run, as its period's settlement will state it (docs/metering.md, "Settlement statement"):
/// the exact charge in fen and its lines, recomputed from the log (the agreement's runs before it in the month).
/// </summary>
public sealed record JobCharge(string Period, long LogIndex, bool Billable, string ExactFen, IReadOnlyList<string> Lines)
{
    /// <summary>
    /// The charge of <paramref name="job"/>'s last run under <paramref name="agreement"/>; null when the agreement has no
    /// price or the run has not ended. Reads the log from the start of the run's tier period (its month, or its year
    /// when a component's tiers count yearly) to the head, found by <see cref="FirstIndexFrom"/>; not the whole log.
    /// </summary>
    internal static JobCharge? Of(Job job, Agreement agreement, ITransparencyLog log)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(log);
        if (job.Meter is null || job.FinishedAt is not { } finished || SettlementClosing.Pricing(agreement) is not { } pricing)
        {
            return null;
        }

        var period = SettlementPeriod.Of(finished);
        var from = Enum.GetValues<PriceBasis>().Min(basis => PricingCalendar.PeriodStart(finished, pricing.Schedule.PeriodOf(basis)));
        var size = log.Head.Size;
        var ledger = new SettlementLedger(period, [pricing], ShareSchedule.Default, size);
        LeafLines.ReadLog(log, FirstIndexFrom(log, size, from), size, (index, entry) => ledger.Add(index, entry.Span));
        var run = ledger.Draft(pricing.AgreementId).Runs.LastOrDefault(r => r.JobId == job.Id);
        return run is null ? null
            : new JobCharge(period.ToString(), run.LogIndex, run.Meter.Billable, SettlementBody.Exact(run.Charge.TotalFen), [.. run.Charge.Lines.Select(SettlementBody.Line)]);
    }

    /// <summary>
    /// An index below which every entry of the log is timed before <paramref name="from"/>, by binary search over the
    /// entries' times (about log2(size) single-entry reads). The log's times rise in append order but for a writer
    /// taking its time before another appends first, by less than <see cref="SettlementClosing.Grace"/>: so once an
    /// entry is timed before <paramref name="from"/> less the grace, every entry below it is before <paramref name="from"/>.
    /// </summary>
    internal static long FirstIndexFrom(ITransparencyLog log, long size, DateTimeOffset from)
    {
        var threshold = from - SettlementClosing.Grace;
        long low = 0, high = size;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            var when = default(DateTimeOffset);
            LeafLines.ReadLog(log, middle, middle + 1, (_, entry) => when = RunEntryFields.Read(entry.Span).When);
            if (when < threshold)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        // Entry low - 1 (when low > 0) was read and is before the threshold; every entry below it is before from.
        return Math.Max(0, low - 1);
    }
}

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
    /// price or the run has not ended. Reads the whole log (two passes), as a close does.
    /// </summary>
    internal static JobCharge? Of(Job job, Agreement agreement, ITransparencyLog log)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Meter is null || job.FinishedAt is not { } finished || SettlementClosing.Pricing(agreement) is not { } pricing)
        {
            return null;
        }

        var period = SettlementPeriod.Of(finished);
        var draft = SettlementClosing.Drafts(log, period, [pricing], ShareSchedule.Default).FirstOrDefault();
        var run = draft?.Runs.LastOrDefault(r => r.JobId == job.Id);
        return run is null ? null
            : new JobCharge(period.ToString(), run.LogIndex, run.Meter.Billable, SettlementBody.Exact(run.Charge.TotalFen), [.. run.Charge.Lines.Select(SettlementBody.Line)]);
    }
}

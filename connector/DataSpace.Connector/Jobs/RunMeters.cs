using System.Globalization;
using DataSpace.Connector.Model;
using DataSpace.Crypto.Statements;
using DataSpace.Policy.Model;
using DataSpace.Policy.Pricing;
using DataSpace.Policy.State;
using DataSpace.Sandbox.Hosting;

namespace DataSpace.Connector.Jobs;

/// <summary>
/// The meter of a run (docs/metering.md, "Meter record") and the billable rule: a run is billable when it read data and
/// did not fail by the connector's fault. So a run refused before reading is not; a released run is; a run whose output
/// vetting or the supplier refused, or that failed by its own doing (trap, fuel, wall time, a rule broken, its own error
/// code) is; a run that failed because the host could not do its part (data unreadable, the connector stopping, a module
/// the connector could not compile) is not. Held output is not billed until the supplier's review ends it. The privacy
/// budget a run spent is recorded whether or not it is billable: it is spent.
/// </summary>
internal static class RunMeters
{
    /// <summary>The meter of a run refused or failed before it read any data: nothing used, not billable.</summary>
    public static MeterRecord NothingRead(MeterOutcome outcome) => new() { Outcome = outcome, Billable = false };

    /// <summary>Whether a module run that ended in <paramref name="failure"/> failed by the connector's fault.</summary>
    public static bool ConnectorFault(JobFailureKind failure) => failure is JobFailureKind.HostError or JobFailureKind.Cancelled;

    /// <summary>The billed CPU seconds: <paramref name="cpu"/> rounded up to whole quanta (<see cref="Quantum"/>); 0 for no CPU.</summary>
    public static long CpuSeconds(TimeSpan cpu, TimeSpan quantum)
    {
        var quanta = (cpu.Ticks + quantum.Ticks - 1) / quantum.Ticks;
        return Math.Max(0, quanta) * (quantum.Ticks / TimeSpan.TicksPerSecond);
    }

    /// <summary>
    /// The step CPU time is billed in: whole seconds, and never finer than the publication grid (rounded up to whole
    /// seconds), so that the published meter tells of a run's duration no more than the grid already does.
    /// </summary>
    public static TimeSpan Quantum(TimeSpan grid) =>
        TimeSpan.FromSeconds(Math.Max(1, (grid.Ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond));

    /// <summary>
    /// Whether the agreement's price needs CPU time (docs/metering.md, "CPU time"): some permission has a
    /// <c>dsc:perCpuSecond</c> component, or a price that cannot be read (then nothing is assumed). Otherwise the
    /// published meter bills no CPU seconds, and the job-steerable CPU time reaches no one but the supplier and auditors.
    /// </summary>
    public static bool PricesCpu(OdrlPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        for (var i = 0; i < policy.Permissions.Count; i++)
        {
            if (PriceSchedule.HasPrice(policy.Permissions[i])
                && (!PriceSchedule.TryParse(policy, i, out var schedule, out _) || schedule!.Components.Any(c => c.Basis == PriceBasis.PerCpuSecond)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The exact decimal of a budget amount given as a double (its shortest round-trip text, so 0.1 is 0.1).</summary>
    public static decimal Exact(double value) =>
        double.IsFinite(value) && value > 0
            ? decimal.Parse(value.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture)
            : 0m;

    /// <summary>The meter of a module run that read data.</summary>
    /// <remarks><paramref name="quantum"/> is <see cref="Quantum"/> of the grid, or null when the price needs no CPU time (<see cref="PricesCpu"/>).</remarks>
    public static MeterRecord OfModule(
        JobExecution execution, JobOutcome outcome, PrivacyBudget? spent, TimeSpan? quantum, long outputBytes)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(outcome);
        var (meterOutcome, billable) = outcome.Status switch
        {
            JobStatus.Released => (MeterOutcome.Released, true),
            JobStatus.PendingReview => (MeterOutcome.Held, false),
            JobStatus.Refused => (MeterOutcome.Refused, true),
            _ => (MeterOutcome.Failed, outcome.Failure is not { } kind || !ConnectorFault(kind)),
        };
        var run = outcome.Statistics;
        return new MeterRecord
        {
            Outcome = meterOutcome,
            Billable = billable,
            RowsRead = execution.DatasetRows,
            ColumnsRead = execution.Manifest.Columns.Count,
            CpuSeconds = quantum is { } step ? CpuSeconds(run.CpuTime, step) : 0,
            Epsilon = Exact(spent?.Epsilon ?? 0),
            Delta = Exact(spent?.Delta ?? 0),
            Usage = new MeterUsage
            {
                RowsPulled = run.RowsRead,
                BytesFed = run.BytesFed,
                Fuel = run.FuelConsumed,
                CpuMs = (long)run.CpuTime.TotalMilliseconds,
                WallMs = (long)run.Elapsed.TotalMilliseconds,
                OutputBytes = outputBytes,
                GroupsReleased = outcome.Aggregate?.Groups.Count ?? 0,
                GroupsSuppressed = outcome.Aggregate?.SuppressedGroups ?? 0,
                ModelTrainings = outcome.Model is null ? 0 : 1,
            },
        };
    }

    /// <summary>The meter of a plan run that read data: released, refused by overlap control, or failed (by the connector's fault when it could not read the data as registered).</summary>
    public static MeterRecord OfPlan(
        JobExecution execution, MeterOutcome outcome, bool connectorFault, Sandbox.Plans.PlanResult? result, PrivacyBudget? spent, PlanMeasure measure,
        TimeSpan? quantum, long outputBytes)
    {
        ArgumentNullException.ThrowIfNull(execution);
        return new MeterRecord
        {
            Outcome = outcome,
            Billable = !connectorFault,
            RowsRead = execution.DatasetRows + (execution.Joined?.Dataset.RowCount ?? 0),
            ColumnsRead = execution.Plan!.Plan.ColumnsOf(execution.Manifest.DatasetId).Count
                + (execution.Joined is { } joined ? execution.Plan.Plan.ColumnsOf(joined.DatasetId).Count : 0),
            CpuSeconds = quantum is { } step ? CpuSeconds(measure.Cpu, step) : 0,
            Epsilon = Exact(spent?.Epsilon ?? 0),
            Delta = Exact(spent?.Delta ?? 0),
            Usage = new MeterUsage
            {
                RowsPulled = result?.RowsRead ?? 0,
                CpuMs = (long)measure.Cpu.TotalMilliseconds,
                WallMs = (long)measure.Wall.TotalMilliseconds,
                OutputBytes = outputBytes,
                GroupsReleased = result?.Groups.Count ?? 0,
                GroupsSuppressed = result?.SuppressedGroups ?? 0,
            },
        };
    }

    /// <summary>
    /// The meter of a held run once the supplier's review ends it: released or refused, billable either way (the run
    /// read data, and its output is what was reviewed); what it used is what the run measured.
    /// </summary>
    public static MeterRecord AfterReview(Job job, MeterOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(job);
        return (job.Meter ?? NothingRead(outcome)) with { Outcome = outcome, Billable = true };
    }

    /// <summary>CPU and wall time of a plan's evaluation.</summary>
    internal readonly record struct PlanMeasure(TimeSpan Cpu, TimeSpan Wall);
}

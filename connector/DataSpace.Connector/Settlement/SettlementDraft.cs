using DataSpace.Policy.Model;
using DataSpace.Policy.Pricing;

namespace DataSpace.Connector.Settlement;

/// <summary>
/// What the log says an agreement owes for a period: its runs in log order, their exact total and the whole fen
/// charged (rounded up once), the agreement's revenue in the year before the period, and the split.
/// </summary>
public sealed record SettlementDraft
{
    public required SettlementPeriod Period { get; init; }

    public required AgreementPricing Agreement { get; init; }

    /// <summary>The index of the agreement's <c>agreement.create</c> entry; null when the log holds none.</summary>
    public required long? AgreementEntry { get; init; }

    /// <summary>The agreement's <c>agreement.create</c> entry's <c>agreement</c> digest; null when the log holds none.</summary>
    public required string? AgreementEntryDigest { get; init; }

    public required ValueList<SettledRun> Runs { get; init; }

    public required decimal ExactFen { get; init; }

    public required Fen Charged { get; init; }

    /// <summary>The charged totals of the agreement's earlier closed periods of the same year (UTC+8).</summary>
    public required Fen CumulativeBefore { get; init; }

    public required ShareSchedule Shares { get; init; }

    public required RevenueSplit Split { get; init; }

    /// <summary>The log entries the statement covers: indices 0 to <see cref="LogTo"/> - 1.</summary>
    public required long LogTo { get; init; }

    /// <summary>Whether the log already holds a close of this agreement and period.</summary>
    public required bool AlreadyClosed { get; init; }

    /// <summary>Earlier months of the same year with billable runs of the agreement and no close in the log: to close first.</summary>
    public required ValueList<string> UnclosedEarlier { get; init; }

    /// <summary>Runs of the period logged at or after <see cref="LogTo"/> (none when the period had ended before the close).</summary>
    public required ValueList<long> LateRuns { get; init; }
}

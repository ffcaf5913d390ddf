using System.Globalization;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Statements;
using DataSpace.Policy.Pricing;

namespace DataSpace.Connector.Settlement;

/// <summary>
/// Recomputes what agreements owe for a period from the log alone (docs/metering.md, "Settlement statement"): the
/// connector when it closes a period and the offline verifier run the same code over the same entries. Two passes in
/// log order: <see cref="Observe"/> every entry (aborted operations, agreement and close entries), then
/// <see cref="Price"/> every entry (each agreement's metered run-ending entries, priced by <see cref="PricingReplay"/>
/// from the agreement's first run: a run's price depends only on the schedule and the runs logged before it).
/// Entries at or after <c>logTo</c> count for nothing but <see cref="SettlementDraft.LateRuns"/>.
/// </summary>
public sealed class SettlementLedger
{
    /// <summary>The actions whose entry ends a run and carries its meter.</summary>
    public static readonly IReadOnlySet<string> RunEndingActions = new HashSet<string>(StringComparer.Ordinal)
    {
        "result.release", "result.refuse", "result.hold", "job.fail", "job.refuse",
    };

    private readonly SettlementPeriod _period;
    private readonly long _logTo;
    private readonly ShareSchedule _shares;
    private readonly Dictionary<string, Account> _accounts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _aborted = new(StringComparer.Ordinal);

    public SettlementLedger(SettlementPeriod period, IEnumerable<AgreementPricing> agreements, ShareSchedule shares, long logTo)
    {
        ArgumentNullException.ThrowIfNull(agreements);
        ArgumentNullException.ThrowIfNull(shares);
        ArgumentOutOfRangeException.ThrowIfNegative(logTo);
        _period = period;
        _shares = shares;
        _logTo = logTo;
        foreach (var agreement in agreements)
        {
            _accounts[agreement.AgreementId] = new Account(agreement);
        }
    }

    /// <summary>First pass: aborted operations, the agreements' <c>agreement.create</c> entries, earlier closes.</summary>
    public void Observe(long index, ReadOnlySpan<byte> entryJson)
    {
        if (index >= _logTo
            || (entryJson.IndexOf("\"aborted\""u8) < 0 && entryJson.IndexOf("\"agreement.create\""u8) < 0 && entryJson.IndexOf("\"settlement.close\""u8) < 0))
        {
            return;
        }

        var entry = LogEntry.Parse(entryJson);
        var details = entry.Details;
        if (entry.Decision == "aborted")
        {
            if (details is not null && details.TryGetValue("operation", out var operation))
            {
                _aborted.Add(operation);
            }

            return;
        }

        if (entry.Decision != "permit")
        {
            return;
        }

        if (entry.Action == "agreement.create" && entry.Resource.StartsWith("agreement/", StringComparison.Ordinal)
            && _accounts.TryGetValue(entry.Resource["agreement/".Length..], out var created))
        {
            created.Created.Add((index, Operation(entry), entry.Digests is { } digests && digests.TryGetValue("agreement", out var digest) ? digest : null));
        }
        else if (entry.Action == SettlementStatements.CloseAction && details is not null
            && details.TryGetValue("agreement", out var agreement) && _accounts.TryGetValue(agreement, out var closed)
            && details.TryGetValue("period", out var period) && SettlementPeriod.TryParse(period, out var closedPeriod)
            && details.TryGetValue("chargedFen", out var charged) && long.TryParse(charged, NumberStyles.None, CultureInfo.InvariantCulture, out var fen))
        {
            closed.Closes.Add((closedPeriod, new Fen(fen), Operation(entry)));
        }
    }

    /// <summary>Second pass: prices every metered run-ending entry of the agreements, in log order.</summary>
    public void Price(long index, ReadOnlySpan<byte> entryJson)
    {
        if (entryJson.IndexOf("\"meter\""u8) < 0)
        {
            return;
        }

        var entry = RunEntryFields.Read(entryJson);
        if (entry.Action is not { } action || !RunEndingActions.Contains(action) || entry.Meter is not { } meterJson
            || entry.Agreement is not { } agreementId || !_accounts.TryGetValue(agreementId, out var account)
            || entry.Resource is not { } resource || !resource.StartsWith("job/", StringComparison.Ordinal))
        {
            return;
        }

        if (index >= _logTo)
        {
            if (_period.Contains(entry.When))
            {
                account.Late.Add(index);
            }

            return;
        }

        if (entry.Operation is { } operation && _aborted.Contains(operation))
        {
            return;
        }

        if (entry.When >= _period.End)
        {
            return;
        }

        var meter = MeterRecord.Parse(meterJson);
        var quantities = MeterQuantities.OneRun(meter.RowsRead, checked(meter.CpuSeconds * 1000), meter.Outcome == MeterOutcome.Released ? 1 : 0);
        var before = account.Replay.CumulativeAt(entry.When);
        var charge = account.Replay.Next(new MeteredRun(entry.When, account.Pricing.Purpose, quantities, meter.Billable));
        if (_period.Contains(entry.When))
        {
            List<TierCrossing> entered = [];
            foreach (var line in charge.Lines)
            {
                if (line.TierFrom > 0 && before.Of(line.Basis) <= line.TierFrom)
                {
                    entered.Add(new TierCrossing(line.Component, line.Basis, line.TierFrom));
                }
            }

            account.Runs.Add(new SettledRun(index, resource["job/".Length..], entry.When, meter, charge, [.. entered]));
        }
        else if (meter.Billable && PricingCalendar.YearOf(entry.When) == _period.Year)
        {
            account.EarlierMonths.Add(SettlementPeriod.Of(entry.When));
        }
    }

    /// <summary>The draft of every agreement with runs in the period, in agreement id order.</summary>
    public IReadOnlyList<SettlementDraft> Drafts() =>
        [.. _accounts.Values.Where(a => a.Runs.Count > 0 || a.Late.Count > 0).OrderBy(a => a.Pricing.AgreementId, StringComparer.Ordinal).Select(Draft)];

    /// <summary>The draft of <paramref name="agreementId"/>, runs or none.</summary>
    public SettlementDraft Draft(string agreementId) => Draft(_accounts[agreementId]);

    private SettlementDraft Draft(Account account)
    {
        var closes = account.Closes.Where(c => c.Operation is null || !_aborted.Contains(c.Operation)).ToList();
        var before = Fen.Zero;
        foreach (var close in closes)
        {
            if (close.Period.Year == _period.Year && close.Period.Month < _period.Month)
            {
                before += close.Charged;
            }
        }

        var (exact, charged) = RunCharge.Total(account.Runs.Select(r => r.Charge));
        var created = account.Created.LastOrDefault(c => c.Operation is null || !_aborted.Contains(c.Operation));
        return new SettlementDraft
        {
            Period = _period,
            Agreement = account.Pricing,
            AgreementEntry = created.Digest is null ? null : created.Index,
            AgreementEntryDigest = created.Digest,
            Runs = [.. account.Runs],
            ExactFen = exact,
            Charged = charged,
            CumulativeBefore = before,
            Shares = _shares,
            Split = _shares.Split(charged, before),
            LogTo = _logTo,
            AlreadyClosed = closes.Any(c => c.Period == _period),
            UnclosedEarlier = [.. account.EarlierMonths.Where(m => m.Month < _period.Month && !closes.Any(c => c.Period == m)).OrderBy(m => m.Month).Select(m => m.ToString())],
            LateRuns = [.. account.Late],
        };
    }

    private static string? Operation(LogEntry entry) =>
        entry.Details is { } details && details.TryGetValue("operation", out var operation) ? operation : null;

    private sealed class Account(AgreementPricing pricing)
    {
        public AgreementPricing Pricing { get; } = pricing;

        public PricingReplay Replay { get; } = new(pricing.Schedule);

        public List<SettledRun> Runs { get; } = [];

        public List<long> Late { get; } = [];

        public HashSet<SettlementPeriod> EarlierMonths { get; } = [];

        public List<(long Index, string? Operation, string? Digest)> Created { get; } = [];

        public List<(SettlementPeriod Period, Fen Charged, string? Operation)> Closes { get; } = [];
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.ExceptionServices;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Statements;
using DataSpace.Policy.Pricing;

namespace DataSpace.Connector.Settlement;

/// <summary>
/// Recomputes what agreements owe for a period from the log alone (docs/metering.md, "Settlement statement"): the
/// connector when it closes a period and the offline verifier run the same code over the same entries. One pass in
/// log order (<see cref="Add"/>) notes aborted operations, agreement and close entries, and keeps each agreement's
/// metered run-ending entries of the period's year, each parsed once; the drafts then price the kept runs that were
/// not aborted, in log order, with <see cref="PricingReplay"/> (a run's price depends only on the schedule and the
/// runs logged before it). Entries at or after <c>logTo</c> count for nothing but <see cref="SettlementDraft.LateRuns"/>.
/// </summary>
public sealed class SettlementLedger
{
    /// <summary>The actions whose entry ends a run and carries its meter.</summary>
    public static readonly IReadOnlySet<string> RunEndingActions = new HashSet<string>(StringComparer.Ordinal)
    {
        "result.release", "result.refuse", "result.hold", "job.fail", "job.refuse", "federation.contribute",
    };

    private readonly SettlementPeriod _period;
    private readonly long _logTo;
    private readonly ShareSchedule _shares;
    private readonly Dictionary<string, Account> _accounts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _aborted = new(StringComparer.Ordinal);
    private bool _priced;

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

    /// <summary>
    /// Reads the next entry, in log order: its aborted operation, an agreement's <c>agreement.create</c> entry, an
    /// earlier close, or a metered run-ending entry of one of the agreements (parsed once, priced when a draft is asked for).
    /// </summary>
    public void Add(long index, ReadOnlySpan<byte> entryJson)
    {
        if (_priced)
        {
            throw new InvalidOperationException("entries are added before the drafts are taken");
        }

        Apply(Parse(index, entryJson));
    }

    /// <summary>
    /// As <see cref="Add"/> for every entry <paramref name="readEntries"/> feeds, in order: the reading thread only
    /// picks the entries that may matter and copies them in batches to a second thread, which parses and books them,
    /// so that reading the log and parsing its entries overlap. <paramref name="alsoOnReader"/> sees every entry too,
    /// on the reading thread.
    /// </summary>
    public void AddAll(Action<Action<long, ReadOnlyMemory<byte>>> readEntries, Action<long, ReadOnlyMemory<byte>>? alsoOnReader = null)
    {
        ArgumentNullException.ThrowIfNull(readEntries);
        if (_priced)
        {
            throw new InvalidOperationException("entries are added before the drafts are taken");
        }

        using var queue = new BlockingCollection<Batch>(boundedCapacity: 8);
        ExceptionDispatchInfo? failure = null;
        var consumer = new Thread(() =>
        {
            foreach (var batch in queue.GetConsumingEnumerable())
            {
                if (failure is not null)
                {
                    continue;
                }

                try
                {
                    foreach (var (index, offset, length) in batch.Entries)
                    {
                        Apply(Parse(index, batch.Bytes.AsSpan(offset, length)));
                    }
                }
                catch (Exception e)
                {
                    failure = ExceptionDispatchInfo.Capture(e);
                }
            }
        }) { IsBackground = true, Name = "settlement ledger" };
        consumer.Start();
        try
        {
            var batch = new Batch();
            readEntries((index, entry) =>
            {
                alsoOnReader?.Invoke(index, entry);
                if (!MayMatter(index, entry.Span))
                {
                    return;
                }

                if (!batch.TryAdd(index, entry.Span))
                {
                    queue.Add(batch);
                    batch = new Batch(entry.Length);
                    batch.TryAdd(index, entry.Span);
                }
            });
            queue.Add(batch);
        }
        finally
        {
            queue.CompleteAdding();
            consumer.Join();
        }

        failure?.Throw();
    }

    private bool MayMatter(long index, ReadOnlySpan<byte> entryJson) =>
        entryJson.IndexOf("\"meter\""u8) >= 0
        || (index < _logTo && (entryJson.IndexOf("\"aborted\""u8) >= 0 || entryJson.IndexOf("\"agreement.create\""u8) >= 0 || entryJson.IndexOf("\"settlement.close\""u8) >= 0));

    private Parsed Parse(long index, ReadOnlySpan<byte> entryJson)
    {
        if (index < _logTo
            && (entryJson.IndexOf("\"aborted\""u8) >= 0 || entryJson.IndexOf("\"agreement.create\""u8) >= 0 || entryJson.IndexOf("\"settlement.close\""u8) >= 0))
        {
            return new Parsed(ParsedKind.Observed, index, LogEntry.Parse(entryJson), null, default);
        }

        return entryJson.IndexOf("\"meter\""u8) >= 0 ? ParseRun(index, entryJson) : default;
    }

    private void Apply(Parsed item)
    {
        switch (item.Kind)
        {
            case ParsedKind.Observed:
                Observe(item.Index, item.Observed!);
                break;
            case ParsedKind.Late:
                item.Account!.Late.Add(item.Index);
                break;
            case ParsedKind.Run:
                item.Account!.Pending.Add(item.Run);
                break;
        }
    }

    private void Observe(long index, LogEntry entry)
    {
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

    /// <summary>A metered run-ending entry: kept (parsed) when it can count for the period, priced in log order by <see cref="Settle"/>.</summary>
    private Parsed ParseRun(long index, ReadOnlySpan<byte> entryJson)
    {
        var entry = RunEntryFields.Read(entryJson);
        if (entry.Action is not { } action || !RunEndingActions.Contains(action) || entry.Meter is not { } meterJson
            || entry.Agreement is not { } agreementId || !_accounts.TryGetValue(agreementId, out var account)
            || entry.Resource is not { } resource || !resource.StartsWith("job/", StringComparison.Ordinal))
        {
            return default;
        }

        if (index >= _logTo)
        {
            return _period.Contains(entry.When) ? new Parsed(ParsedKind.Late, index, null, account, default) : default;
        }

        // Runs of other years (UTC+8) touch no tier period, share year or month of this one.
        if (entry.When >= _period.End || PricingCalendar.YearOf(entry.When) != _period.Year)
        {
            return default;
        }

        return new Parsed(ParsedKind.Run, index, null, account,
            new PendingRun(index, resource["job/".Length..], entry.When, entry.Operation, MeterRecord.Parse(meterJson)));
    }

    /// <summary>Prices every kept run of every agreement in log order, leaving out those whose operation was aborted (once; the drafts call it).</summary>
    public void Settle()
    {
        if (_priced)
        {
            return;
        }

        _priced = true;

        // Agreements price independently: one replay each, the aborted set only read. A run that cannot be priced
        // throws as it would on one thread (OverflowException), not wrapped.
        try
        {
            Parallel.ForEach(_accounts.Values, account =>
            {
                foreach (var run in account.Pending)
                {
                    if (run.Operation is not { } operation || !_aborted.Contains(operation))
                    {
                        Price(account, run);
                    }
                }

                account.Pending.Clear();
                account.Pending.TrimExcess();
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
    }

    private void Price(Account account, PendingRun run)
    {
        var meter = run.Meter;
        var quantities = MeterQuantities.OneRun(meter.RowsRead, checked(meter.CpuSeconds * 1000), meter.Outcome == MeterOutcome.Released ? 1 : 0);
        var inPeriod = _period.Contains(run.When);
        var before = inPeriod ? account.Replay.CumulativeAt(run.When) : default;
        var charge = account.Replay.Next(new MeteredRun(run.When, account.Pricing.Purpose, quantities, meter.Billable));
        if (inPeriod)
        {
            List<TierCrossing>? entered = null;
            foreach (var line in charge.Lines)
            {
                if (line.TierFrom > 0 && before.Of(line.Basis) <= line.TierFrom)
                {
                    (entered ??= []).Add(new TierCrossing(line.Component, line.Basis, line.TierFrom));
                }
            }

            account.Runs.Add(new SettledRun(run.Index, run.JobId, run.When, meter, charge, entered is null ? [] : [.. entered]));
        }
        else if (meter.Billable)
        {
            account.EarlierMonths.Add(SettlementPeriod.Of(run.When));
        }
    }

    /// <summary>The draft of every agreement with runs in the period, in agreement id order.</summary>
    public IReadOnlyList<SettlementDraft> Drafts()
    {
        Settle();
        return [.. _accounts.Values.Where(a => a.Runs.Count > 0 || a.Late.Count > 0).OrderBy(a => a.Pricing.AgreementId, StringComparer.Ordinal).Select(Draft)];
    }

    /// <summary>The draft of <paramref name="agreementId"/>, runs or none.</summary>
    public SettlementDraft Draft(string agreementId)
    {
        Settle();
        return Draft(_accounts[agreementId]);
    }

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

    /// <summary>Entries copied out of the reader's buffer: up to 1 MiB of them (or one larger entry).</summary>
    private sealed class Batch(int minimum = 0)
    {
        public byte[] Bytes { get; } = new byte[Math.Max(1 << 20, minimum)];

        public List<(long Index, int Offset, int Length)> Entries { get; } = new(2048);

        private int _used;

        public bool TryAdd(long index, ReadOnlySpan<byte> entry)
        {
            if (_used + entry.Length > Bytes.Length)
            {
                return false;
            }

            entry.CopyTo(Bytes.AsSpan(_used));
            Entries.Add((index, _used, entry.Length));
            _used += entry.Length;
            return true;
        }
    }

    private enum ParsedKind
    {
        None,
        Observed,
        Late,
        Run,
    }

    /// <summary>An entry as the reading thread parsed it, for <see cref="Apply"/>.</summary>
    private readonly record struct Parsed(ParsedKind Kind, long Index, LogEntry? Observed, Account? Account, PendingRun Run);

    private readonly record struct PendingRun(long Index, string JobId, DateTimeOffset When, string? Operation, MeterRecord Meter);

    private sealed class Account(AgreementPricing pricing)
    {
        public AgreementPricing Pricing { get; } = pricing;

        public PricingReplay Replay { get; } = new(pricing.Schedule);

        public List<SettledRun> Runs { get; } = [];

        public List<long> Late { get; } = [];

        public List<PendingRun> Pending { get; } = [];

        public HashSet<SettlementPeriod> EarlierMonths { get; } = [];

        public List<(long Index, string? Operation, string? Digest)> Created { get; } = [];

        public List<(SettlementPeriod Period, Fen Charged, string? Operation)> Closes { get; } = [];
    }
}

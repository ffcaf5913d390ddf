using System.Runtime.CompilerServices;
using DataSpace.Connector.Audit;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Pricing;

namespace DataSpace.Connector.Settlement;

/// <summary>
/// Closing a period (docs/metering.md, "Settlement statement"): recompute every priced agreement's runs of the period
/// from the log (<see cref="SettlementLedger"/>), then per agreement sign the statement, log its <c>settlement.close</c>
/// entry and store it, as one logged operation. Closing waits until <see cref="Grace"/> after the period's end.
/// </summary>
internal static class SettlementClosing
{
    /// <summary>How long after a period ends it may be closed (<see cref="SettlementPeriod.ClosingGrace"/>).</summary>
    public static readonly TimeSpan Grace = SettlementPeriod.ClosingGrace;

    /// <summary>The pricing of every agreement with a price; an agreement whose stored statement or price does not read is an error (fail closed).</summary>
    public static async Task<IReadOnlyList<AgreementPricing>> PricedAgreementsAsync(IConnectorStore store, CancellationToken cancellationToken)
    {
        var priced = new List<AgreementPricing>();
        foreach (var agreement in await store.ListAgreementsAsync(null, cancellationToken))
        {
            if (Pricing(agreement) is { } pricing)
            {
                priced.Add(pricing);
            }
        }

        return priced;
    }

    /// <summary>The pricing of <paramref name="agreement"/>; null when it has no price.</summary>
    public static AgreementPricing? Pricing(Agreement agreement)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        var policy = PolicyParser.Parse(agreement.PolicyJson).Policy
            ?? throw new InvalidOperationException($"the stored policy of agreement '{agreement.Id}' no longer parses");
        if (!policy.Permissions.Any(PriceSchedule.HasPrice))
        {
            return null;
        }

        return AgreementPricing.TryRead(SignedStatement.Parse(agreement.SupplierSignature), agreement.PolicyJson, null, out var error)
            ?? throw new InvalidOperationException($"agreement '{agreement.Id}' cannot be priced: {error}");
    }

    /// <summary>The drafts of <paramref name="period"/> from the whole log as it stands.</summary>
    public static IReadOnlyList<SettlementDraft> Drafts(ITransparencyLog log, SettlementPeriod period, IReadOnlyList<AgreementPricing> agreements, ShareSchedule shares)
    {
        var size = log.Head.Size;
        var ledger = new SettlementLedger(period, agreements, shares, size);
        ledger.AddAll(onEntry => LeafLines.ReadLog(log, size, onEntry));
        return ledger.Drafts();
    }

    /// <summary>
    /// The signed statements of <paramref name="drafts"/> in order, each as its canonical JSON, built and signed on the
    /// thread pool at most one per core ahead of the caller: memory holds a few statements, not the period's.
    /// </summary>
    public static async IAsyncEnumerable<(SettlementDraft Draft, byte[] Statement)> SignAsync(
        IReadOnlyList<SettlementDraft> drafts, SigningKey key, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        ArgumentNullException.ThrowIfNull(key);
        var ahead = new Queue<Task<byte[]>>();
        var next = 0;
        for (var i = 0; i < drafts.Count; i++)
        {
            while (next < drafts.Count && ahead.Count < Environment.ProcessorCount)
            {
                var draft = drafts[next++];
                ahead.Enqueue(Task.Run(() => SettlementStatements.Sign(SettlementBody.Canonical(draft), key), cancellationToken));
            }

            yield return (drafts[i], await ahead.Dequeue());
        }
    }

    /// <summary>Logs and stores <paramref name="canonical"/>, the signed statement of <paramref name="draft"/>; null when another close of it is in flight.</summary>
    public static async Task<ClosedSettlement?> CloseAsync(
        SettlementDraft draft, byte[] canonical, string actor, IConnectorStore store, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(canonical);
        var digest = SettlementStatements.DigestOf(canonical);
        var period = draft.Period.ToString();
        var operation = await audit.BeginAsync(AuditActions.SettlementClose, $"settlement/{period}/{draft.Agreement.AgreementId}", actor, AuditDecisions.Permit,
            SettlementBody.CloseDetails(draft), new Dictionary<string, string> { [SettlementStatements.StatementDigest] = digest }, cancellationToken);
        if (operation is null)
        {
            return null;
        }

        var record = new ClosedSettlement
        {
            Period = period,
            AgreementId = draft.Agreement.AgreementId,
            StatementJson = System.Text.Encoding.UTF8.GetString(canonical),
            Digest = digest,
            RunCount = draft.Runs.Count,
            ChargedFen = draft.Charged.Value,
            SupplierFen = draft.Split.Supplier.Value,
            OperatorFen = draft.Split.Operator.Value,
            LogIndex = operation.Index,
            ClosedAt = time.GetUtcNow(),
        };
        await operation.CompleteAsync(() => store.AddSettlementAsync(record, operation.Id, CancellationToken.None), Api.CatalogApi.NotStored);
        return record;
    }
}

using System.Globalization;
using DataSpace.Connector.Audit;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Policy.Evaluation;
using DataSpace.Policy.State;
using Microsoft.Extensions.Options;

namespace DataSpace.Connector.Privacy;

/// <summary>
/// The privacy-budget accounts of a run (docs/privacy-budget.md): its agreement (limit: the policy's <c>dsc:epsilon</c>
/// and <c>dsc:delta</c>), its data user on the dataset (the configured limit, never above the agreement's), and the
/// dataset in the current period (the configured total, shared by all data users). Admission checks them, the
/// executor reserves them in one atomic step and, before the run reads any data, debits them: a logged operation whose
/// entry names the charge and whose effect seals the reservation.
/// </summary>
internal sealed class BudgetAccounts(IUsageLedger ledger, IConnectorStore store, AuditTrail audit, IOptions<ConnectorOptions> options)
{
    private PrivacyBudgetOptions Options => options.Value.Privacy;

    /// <summary>
    /// The agreement's limit: the smallest <c>dsc:epsilon</c> and <c>dsc:delta</c> the decision obliges (delta 0 when
    /// there is none), or why it cannot be accounted (a value out of range).
    /// </summary>
    public static (PrivacyBudget Limit, string? Problem) AgreementLimit(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var epsilon = decision.Obligations.Where(o => o.Kind == ObligationKind.SpendEpsilon).Select(o => o.Value ?? 0).DefaultIfEmpty(0).Min();
        var delta = decision.Obligations.Where(o => o.Kind == ObligationKind.SpendDelta).Select(o => o.Value ?? 0).DefaultIfEmpty(0).Min();
        var problem = PrivacyParameters.LimitProblem(epsilon) is { } e ? "the policy's dsc:epsilon: " + e
            : PrivacyParameters.LimitProblem(delta) is { } d ? "the policy's dsc:delta: " + d
            : null;
        return (new PrivacyBudget(epsilon, delta), problem);
    }

    /// <summary>The accounts a run of <paramref name="dataUserId"/> under the agreement charges at <paramref name="now"/>, with their limits.</summary>
    public IReadOnlyList<BudgetAccountLimit> For(string agreementId, string datasetId, string dataUserId, PrivacyBudget agreementLimit, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(agreementLimit);
        var (dataUser, dataset) = Options.LimitsFor(datasetId);
        return
        [
            new(BudgetAccountKey.Agreement(datasetId, agreementId), agreementLimit),
            new(BudgetAccountKey.DataUser(datasetId, dataUserId),
                new PrivacyBudget(Math.Min(dataUser.Epsilon, agreementLimit.Epsilon), Math.Min(dataUser.Delta, agreementLimit.Delta))),
            new(BudgetAccountKey.DatasetPeriod(datasetId, Options.PeriodStart(now)), dataset),
        ];
    }

    /// <summary>
    /// The accounts of a run that reads several datasets (a plan's join): each dataset's three accounts, under the
    /// agreement the run holds on it, all charged together in one reservation.
    /// </summary>
    public IReadOnlyList<BudgetAccountLimit> For(string dataUserId, DateTimeOffset now, IEnumerable<(string AgreementId, string DatasetId, PrivacyBudget AgreementLimit)> reads)
    {
        ArgumentNullException.ThrowIfNull(reads);
        return [.. reads.SelectMany(read => For(read.AgreementId, read.DatasetId, dataUserId, read.AgreementLimit, now))];
    }

    /// <summary>Why the accounts cannot cover <paramref name="requested"/> now (checked again, atomically, when the run reserves it); null when they can.</summary>
    public async Task<string?> ShortfallAsync(IReadOnlyList<BudgetAccountLimit> accounts, PrivacyBudget requested, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        ArgumentNullException.ThrowIfNull(requested);
        var balances = await ledger.GetBudgetAsync([.. accounts.Select(a => a.Account)], cancellationToken).ConfigureAwait(false);
        var epsilon = BudgetAmount.ToRequest(requested.Epsilon, nameof(requested));
        var delta = BudgetAmount.ToRequest(requested.Delta, nameof(requested));
        for (var i = 0; i < accounts.Count; i++)
        {
            var (limit, spent) = (accounts[i], balances[i]);
            var epsilonLimit = BudgetAmount.ToLimit(limit.Limit.Epsilon, nameof(accounts));
            var deltaLimit = BudgetAmount.ToLimit(limit.Limit.Delta, nameof(accounts));
            if (spent.Epsilon + epsilon > epsilonLimit)
            {
                return Describe(limit.Account, "epsilon", epsilon, spent.Epsilon, epsilonLimit);
            }

            if (spent.Delta + delta > deltaLimit)
            {
                return Describe(limit.Account, "delta", delta, spent.Delta, deltaLimit);
            }
        }

        return null;
    }

    /// <summary>Why a refused budget reservation was refused, naming the account.</summary>
    public static string Refusal(Reservation reservation)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        var account = reservation.Accounts.First(a => a.Account == reservation.RefusedBy);
        return reservation.Outcome == ReservationOutcome.DeltaLimitExceeded
            ? Describe(account.Account, "delta", reservation.RequestedDelta, account.Delta, account.DeltaLimit)
            : Describe(account.Account, "epsilon", reservation.RequestedEpsilon, account.Epsilon, account.EpsilonLimit);
    }

    /// <summary>
    /// Debits a granted budget reservation before the run reads any data: the <c>budget.debit</c> entry (job,
    /// agreement, dataset, data user, epsilon, delta, accounts) opens a logged operation whose effect seals
    /// <paramref name="seal"/> (the budget, and the run's use) in the store's transaction that completes it. So the
    /// log and the ledger agree: a debit entry without the charge gets its <c>aborted</c> entry, at once or on restart.
    /// </summary>
    public async Task DebitAsync(Job job, string datasetId, Reservation budget, IReadOnlyList<Reservation> seal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(seal);
        var details = new Dictionary<string, string>
        {
            ["job"] = job.Id,
            ["agreement"] = job.AgreementId,
            ["dataset"] = datasetId,
            ["dataUser"] = job.DataUserId,
            ["epsilon"] = Amount(budget.RequestedEpsilon),
            ["delta"] = Amount(budget.RequestedDelta),
            ["accounts"] = string.Join(",", budget.Accounts.Select(a => a.Account.ToString())),
            ["reservation"] = budget.Id.ToString("D", CultureInfo.InvariantCulture),
        };
        var operation = await audit.BeginAsync(AuditActions.BudgetDebit, "job/" + job.Id, job.OperatorId, AuditDecisions.Permit, details, null, cancellationToken)
            .ConfigureAwait(false) ?? throw new InvalidOperationException($"another operation is pending on job {job.Id}: its budget was not debited");
        await operation.CompleteAsync(async () =>
        {
            if (!await store.SealReservationsAsync(operation.Id, [.. seal.Where(r => r.IsGranted).Select(r => r.Id)], CancellationToken.None).ConfigureAwait(false))
            {
                throw new InvalidOperationException($"the budget reservation of job {job.Id} is no longer open");
            }
        }, failure => $"the budget debit did not take effect: {failure.GetType().Name}").ConfigureAwait(false);
    }

    /// <summary>An amount as entries and messages show it: the exact decimal, without trailing zeros.</summary>
    public static string Amount(decimal value) => (value / 1.000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    private static string Describe(BudgetAccountKey account, string name, decimal requested, decimal spent, decimal limit)
    {
        var (whose, note) = account.Kind switch
        {
            BudgetAccountKind.Agreement => ("the agreement's privacy budget", $"account {account}"),
            BudgetAccountKind.DataUser => ($"the data user's privacy budget on dataset '{account.DatasetId}'",
                $"account {account}, over all the data user's agreements: a new agreement does not reset it"),
            _ => ($"the dataset's privacy budget for the period from {account.Subject}", $"account {account}, shared by all data users"),
        };
        return $"{whose} cannot cover {name} {Amount(requested)}: {Amount(spent)} of {Amount(limit)} is spent or reserved ({note})";
    }
}

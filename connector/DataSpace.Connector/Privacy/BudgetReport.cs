using DataSpace.Connector.Hosting;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Connector.Storage.Sql;
using DataSpace.Policy.State;
using Microsoft.Extensions.Options;

namespace DataSpace.Connector.Privacy;

/// <summary>
/// What <c>GET /api/v1/budget</c> shows (docs/privacy-budget.md, "Seeing the budget"): per dataset, the configured limits
/// and the accounts the caller may see. Suppliers and auditors see every account; a data user sees only its own
/// account on each dataset; an operator sees the accounts of the agreements it holds.
/// </summary>
internal sealed class BudgetReport(IUsageLedger ledger, IConnectorStore store, IOptions<ConnectorOptions> options, TimeProvider time)
{
    /// <summary>The budget of one dataset, or (null) of all; null when the dataset does not exist.</summary>
    public async Task<IReadOnlyList<DatasetBudget>?> ForAsync(string? datasetId, string partyId, bool seesAll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partyId);
        IReadOnlyList<string> datasets;
        if (datasetId is null)
        {
            datasets = [.. (await store.ListDatasetsAsync(cancellationToken).ConfigureAwait(false)).Select(d => d.Id)];
        }
        else if (await store.GetDatasetAsync(datasetId, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }
        else
        {
            datasets = [datasetId];
        }

        var privacy = options.Value.Privacy;
        var now = time.GetUtcNow();
        var report = new List<DatasetBudget>(datasets.Count);
        foreach (var id in datasets)
        {
            var accounts = new List<BudgetAccountView>();
            foreach (var account in await ledger.ListBudgetAsync(id, cancellationToken).ConfigureAwait(false))
            {
                if (seesAll || await OwnsAsync(account.Account, partyId, cancellationToken).ConfigureAwait(false))
                {
                    accounts.Add(new BudgetAccountView
                    {
                        Account = account.Account.ToString(),
                        Kind = SqlUsageLedger.KindName(account.Account.Kind),
                        Subject = account.Account.Subject,
                        Epsilon = account.Epsilon,
                        Delta = account.Delta,
                        EpsilonLimit = account.EpsilonLimit,
                        DeltaLimit = account.DeltaLimit,
                    });
                }
            }

            var (dataUser, dataset) = privacy.LimitsFor(id);
            report.Add(new DatasetBudget
            {
                DatasetId = id,
                Limits = new BudgetLimits
                {
                    DataUserEpsilon = dataUser.Epsilon,
                    DataUserDelta = dataUser.Delta,
                    DatasetEpsilon = dataset.Epsilon,
                    DatasetDelta = dataset.Delta,
                    Period = privacy.Period,
                    PeriodStart = privacy.PeriodStart(now),
                },
                Accounts = accounts,
            });
        }

        return report;
    }

    private async Task<bool> OwnsAsync(BudgetAccountKey account, string partyId, CancellationToken cancellationToken) => account.Kind switch
    {
        BudgetAccountKind.DataUser => account.Subject == partyId,
        BudgetAccountKind.Agreement => (await store.GetAgreementAsync(account.Subject, cancellationToken).ConfigureAwait(false))?.OperatorId == partyId,
        _ => false,
    };
}

using System.Data.Common;
using System.Text;
using DataSpace.Connector.Model;

namespace DataSpace.Connector.Storage.Sql;

/// <summary>
/// Keyset pages of jobs, agreements, parties, datasets and offers (docs/connector-service.md, "Lists"): each page starts
/// strictly after the last sort key of the one before (<c>WHERE (t, id) &gt; (@t, @id) ORDER BY t, id LIMIT n</c>), never at
/// an offset, so a row inserted between two pages is neither skipped nor repeated, and a deep page costs what the first does.
/// Every filter is a bound parameter; the indexes of migration 0014 serve each order.
/// </summary>
internal sealed partial class SqlConnectorStore
{
    public async Task<IReadOnlyList<Job>> PageJobsAsync(JobQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        var conditions = new StringBuilder();
        if (query.State is not null)
        {
            conditions.Append(" AND state = @state");
        }

        if (query.OperatorId is not null)
        {
            conditions.Append(" AND operator_id = @operator");
        }

        if (query.AgreementId is not null)
        {
            conditions.Append(" AND agreement_id = @agreement");
        }

        if (query.DatasetId is not null)
        {
            conditions.Append(" AND agreement_id IN (SELECT id FROM agreements WHERE dataset_id = @dataset)");
        }

        if (query.After is not null)
        {
            conditions.Append(" AND (submitted_at, id) > (@after_at, @after_id)");
        }

        const string Order = " ORDER BY submitted_at, id LIMIT @limit";
        // A party that sees only its own jobs: the jobs it operates and those it receives, each branch read in order
        // from its own index and merged, rather than one OR that would have to sort every job of the party.
        var sql = query.VisibleTo is null
            ? $"SELECT {JobColumns} FROM jobs WHERE 1 = 1{conditions}{Order}"
            : $"SELECT {JobColumns} FROM (SELECT {JobColumns} FROM jobs WHERE operator_id = @viewer{conditions}{Order}) mine " +
              $"UNION SELECT {JobColumns} FROM (SELECT {JobColumns} FROM jobs WHERE data_user_id = @viewer{conditions}{Order}) received{Order}";
        return await QueryAsync(sql, command =>
        {
            command.With("limit", query.Limit);
            BindIf(command, "viewer", query.VisibleTo);
            BindIf(command, "state", query.State is { } state ? SqlNames.Of(state) : null);
            BindIf(command, "operator", query.OperatorId);
            BindIf(command, "agreement", query.AgreementId);
            BindIf(command, "dataset", query.DatasetId);
            if (query.After is { } after)
            {
                command.With("after_at", database.ToDb(after.SubmittedAt)).With("after_id", after.Id);
            }
        }, ReadJob, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Agreement>> PageAgreementsAsync(AgreementQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        var conditions = new StringBuilder();
        Append(conditions, query.OperatorId, "operator_id = @operator");
        Append(conditions, query.DatasetId, "dataset_id = @dataset");
        Append(conditions, query.After, "id > @after");
        conditions.Append(query.Standing switch
        {
            null => "",
            AgreementStanding.Active => " AND revoked_at IS NULL AND valid_until > @now",
            AgreementStanding.Revoked => " AND revoked_at IS NOT NULL",
            AgreementStanding.Ended => " AND revoked_at IS NULL AND valid_until <= @now",
            _ => throw new ArgumentOutOfRangeException(nameof(query), query.Standing, "unknown agreement standing"),
        });
        return await QueryAsync(
            $"SELECT {AgreementColumns} FROM agreements WHERE 1 = 1{conditions} ORDER BY id LIMIT @limit",
            command =>
            {
                command.With("limit", query.Limit);
                BindIf(command, "operator", query.OperatorId);
                BindIf(command, "dataset", query.DatasetId);
                BindIf(command, "after", query.After);
                if (query.Standing is AgreementStanding.Active or AgreementStanding.Ended)
                {
                    command.With("now", database.ToDb(query.Now));
                }
            },
            ReadAgreement,
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Party>> PagePartiesAsync(PartyQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        var conditions = new StringBuilder();
        Append(conditions, query.Role, "role = @role");
        Append(conditions, query.After, "id > @after");
        var rows = await QueryAsync(
            "SELECT p.id, p.display_name, p.role, p.added_at, k.key_id, k.public_key_pem " +
            $"FROM (SELECT {PartyColumns} FROM parties WHERE removed_at IS NULL{conditions} ORDER BY id LIMIT @limit) p " +
            "LEFT JOIN party_keys k ON k.party_id = p.id ORDER BY p.id, k.position",
            command =>
            {
                command.With("limit", query.Limit);
                BindIf(command, "role", query.Role is { } role ? SqlNames.Of(role) : null);
                BindIf(command, "after", query.After);
            },
            ReadPartyRow,
            cancellationToken).ConfigureAwait(false);
        return GroupParties(rows);
    }

    public async Task<IReadOnlyList<Dataset>> PageDatasetsAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return await QueryAsync(
            $"SELECT {DatasetColumns} FROM datasets{(after is null ? "" : " WHERE id > @after")} ORDER BY id LIMIT @limit",
            command =>
            {
                command.With("limit", limit);
                BindIf(command, "after", after);
            },
            ReadDataset,
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Offer>> PageOffersAsync(OfferQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        var conditions = new StringBuilder();
        Append(conditions, query.DatasetId, "dataset_id = @dataset");
        Append(conditions, query.After, "id > @after");
        if (query.StandingOnly)
        {
            conditions.Append(" AND withdrawn_at IS NULL");
        }

        return await QueryAsync(
            $"SELECT {OfferColumns} FROM offers WHERE 1 = 1{conditions} ORDER BY id LIMIT @limit",
            command =>
            {
                command.With("limit", query.Limit);
                BindIf(command, "dataset", query.DatasetId);
                BindIf(command, "after", query.After);
            },
            ReadOffer,
            cancellationToken).ConfigureAwait(false);
    }

    private static void Append(StringBuilder conditions, object? filter, string condition)
    {
        if (filter is not null)
        {
            conditions.Append(" AND ").Append(condition);
        }
    }

    private static void BindIf(DbCommand command, string name, object? value)
    {
        if (value is not null)
        {
            command.With(name, value);
        }
    }
}

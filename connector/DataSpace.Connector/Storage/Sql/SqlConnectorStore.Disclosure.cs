using System.Data.Common;
using System.Globalization;
using DataSpace.Connector.Model;

namespace DataSpace.Connector.Storage.Sql;

/// <summary>The counters behind the disclosure report, and the privacy budget each data user spent.</summary>
internal sealed partial class SqlConnectorStore
{
    public async Task<IReadOnlyList<DatasetDisclosure>> GetDisclosureAsync(string? datasetId, CancellationToken cancellationToken)
    {
        var datasetFilter = datasetId is null ? string.Empty : " WHERE d.id = @dataset_id";
        var agreementFilter = datasetId is null ? string.Empty : " WHERE a.dataset_id = @dataset_id";

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginSnapshotAsync(connection, cancellationToken).ConfigureAwait(false);

        var agreements = new Dictionary<string, List<AgreementDisclosure>>(StringComparer.Ordinal);
        await ReadAsync(
            "SELECT a.dataset_id, a.id, a.operator_id, p.display_name, a.purpose, a.valid_until, a.revoked_at " +
            $"FROM agreements a JOIN parties p ON p.id = a.operator_id{agreementFilter} ORDER BY a.dataset_id, a.id",
            reader =>
            {
                var key = reader.GetString(0);
                if (!agreements.TryGetValue(key, out var list))
                {
                    agreements[key] = list = [];
                }

                list.Add(new AgreementDisclosure
                {
                    AgreementId = reader.GetString(1),
                    OperatorId = reader.GetString(2),
                    OperatorName = reader.GetString(3),
                    Purpose = reader.GetString(4),
                    ValidUntil = database.ReadTime(reader, 5),
                    RevokedAt = database.ReadNullableTime(reader, 6),
                });
            });

        var counters = new Dictionary<string, (long Run, long Rows, long Released, long Refused)>(StringComparer.Ordinal);
        await ReadAsync(
            "SELECT a.dataset_id, SUM(CASE WHEN j.attempt > 0 THEN 1 ELSE 0 END), SUM(j.rows_processed), " +
            "SUM(CASE WHEN j.state = 'released' THEN 1 ELSE 0 END), SUM(CASE WHEN j.state = 'refused' THEN 1 ELSE 0 END) " +
            $"FROM jobs j JOIN agreements a ON a.id = j.agreement_id{agreementFilter} GROUP BY a.dataset_id",
            reader => counters[reader.GetString(0)] = (Long(reader, 1), Long(reader, 2), Long(reader, 3), Long(reader, 4)));

        var budget = new Dictionary<string, List<DataUserBudgetDisclosure>>(StringComparer.Ordinal);
        await ReadAsync(
            "SELECT b.dataset_id, b.subject, b.epsilon, b.delta FROM budget_accounts b WHERE b.kind = 'data-user'" +
            (datasetId is null ? string.Empty : " AND b.dataset_id = @dataset_id") + " ORDER BY b.dataset_id, b.subject",
            reader =>
            {
                var key = reader.GetString(0);
                if (!budget.TryGetValue(key, out var list))
                {
                    budget[key] = list = [];
                }

                list.Add(new DataUserBudgetDisclosure { DataUserId = reader.GetString(1), Epsilon = reader.GetDecimal(2), Delta = reader.GetDecimal(3) });
            });

        var report = new List<DatasetDisclosure>();
        await ReadAsync($"SELECT d.id, d.name FROM datasets d{datasetFilter} ORDER BY d.id", reader =>
        {
            var id = reader.GetString(0);
            counters.TryGetValue(id, out var counted);
            report.Add(new DatasetDisclosure
            {
                DatasetId = id,
                DatasetName = reader.GetString(1),
                Agreements = agreements.TryGetValue(id, out var list) ? list : [],
                JobsRun = counted.Run,
                RowsProcessed = counted.Rows,
                ResultsReleased = counted.Released,
                ResultsRefused = counted.Refused,
                Budget = budget.TryGetValue(id, out var spent) ? spent : [],
            });
        });

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return report;

        async Task ReadAsync(string sql, Action<DbDataReader> row)
        {
            await using var command = connection.Command(sql, transaction);
            if (datasetId is not null)
            {
                command.With("dataset_id", datasetId);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                row(reader);
            }
        }
    }

    // SUM is bigint on SQLite and numeric on PostgreSQL (for a bigint column); both fit a long here.
    private static long Long(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? 0 : Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
}

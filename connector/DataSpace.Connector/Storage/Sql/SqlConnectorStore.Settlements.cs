using System.Data.Common;
using DataSpace.Connector.Settlement;

namespace DataSpace.Connector.Storage.Sql;

/// <summary>Settlement statements: written once per agreement and period, never changed.</summary>
internal sealed partial class SqlConnectorStore
{
    private const string SettlementSummary =
        "s.period, s.agreement_id, a.dataset_id, a.operator_id, s.digest, s.run_count, s.charged_fen, s.supplier_fen, s.operator_fen, s.log_index, s.closed_at";

    public Task AddSettlementAsync(ClosedSettlement settlement, string? completes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settlement);
        ArgumentNullException.ThrowIfNull(settlement.StatementJson);
        return WriteAsync("settlement", $"{settlement.Period}/{settlement.AgreementId}", async (connection, transaction) =>
        {
            await using var insert = connection.Command(
                "INSERT INTO settlements (period, agreement_id, statement_json, digest, run_count, charged_fen, supplier_fen, operator_fen, log_index, closed_at) " +
                "VALUES (@period, @agreement_id, @statement_json, @digest, @run_count, @charged_fen, @supplier_fen, @operator_fen, @log_index, @closed_at)", transaction)
                .With("period", settlement.Period)
                .With("agreement_id", settlement.AgreementId)
                .With("statement_json", settlement.StatementJson)
                .With("digest", settlement.Digest)
                .With("run_count", settlement.RunCount)
                .With("charged_fen", settlement.ChargedFen)
                .With("supplier_fen", settlement.SupplierFen)
                .With("operator_fen", settlement.OperatorFen)
                .With("log_index", settlement.LogIndex)
                .With("closed_at", database.ToDb(settlement.ClosedAt));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken, completes);
    }

    public async Task<IReadOnlyList<ClosedSettlement>> ListSettlementsAsync(string? period, CancellationToken cancellationToken) =>
        await QueryAsync(
            $"SELECT {SettlementSummary} FROM settlements s JOIN agreements a ON a.id = s.agreement_id " +
            (period is null ? "" : "WHERE s.period = @period ") + "ORDER BY s.period, s.agreement_id",
            c =>
            {
                if (period is not null)
                {
                    c.With("period", period);
                }
            },
            reader => ReadSettlement(reader, null),
            cancellationToken).ConfigureAwait(false);

    public async Task<ClosedSettlement?> GetSettlementAsync(string period, string agreementId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(agreementId);
        var found = await QueryAsync(
            $"SELECT {SettlementSummary}, s.statement_json FROM settlements s JOIN agreements a ON a.id = s.agreement_id " +
            "WHERE s.period = @period AND s.agreement_id = @agreement_id",
            c => c.With("period", period).With("agreement_id", agreementId),
            reader => ReadSettlement(reader, reader.GetString(11)),
            cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    private ClosedSettlement ReadSettlement(DbDataReader reader, string? statement) => new()
    {
        Period = reader.GetString(0),
        AgreementId = reader.GetString(1),
        DatasetId = reader.GetString(2),
        OperatorId = reader.GetString(3),
        Digest = reader.GetString(4),
        RunCount = reader.GetInt64(5),
        ChargedFen = reader.GetInt64(6),
        SupplierFen = reader.GetInt64(7),
        OperatorFen = reader.GetInt64(8),
        LogIndex = reader.GetInt64(9),
        ClosedAt = database.ReadTime(reader, 10),
        StatementJson = statement,
    };
}

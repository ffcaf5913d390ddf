using System.Globalization;

namespace DataSpace.Connector.Storage.Sql;

/// <summary>The budget debit's effect: the usage ledger's reservations sealed together with the end of the debit's operation.</summary>
internal sealed partial class SqlConnectorStore
{
    public Task<bool> SealReservationsAsync(string operationId, IReadOnlyList<Guid> reservationIds, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operationId);
        ArgumentNullException.ThrowIfNull(reservationIds);
        return TryWriteAsync("operation", operationId, async (connection, transaction) =>
        {
            foreach (var id in reservationIds)
            {
                // The same statement as the ledger's commit (SqlUsageLedger.CommitAsync): only an open reservation is sealed.
                await using var seal = connection.Command(
                    "UPDATE usage_reservations SET state = 'committed' WHERE id = @id AND state = 'open'", transaction)
                    .With("id", id.ToString("D", CultureInfo.InvariantCulture));
                if (await seal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    return false;
                }
            }

            return true;
        }, cancellationToken, completes: operationId);
    }
}

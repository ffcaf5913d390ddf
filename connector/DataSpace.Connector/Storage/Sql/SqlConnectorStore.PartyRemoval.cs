namespace DataSpace.Connector.Storage.Sql;

/// <summary>Taking a party off the trust list (docs/connector-service.md, "Removing a party").</summary>
internal sealed partial class SqlConnectorStore
{
    public Task RemovePartyAsync(string partyId, DateTimeOffset removedAt, string? completes, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(partyId);
        return WriteAsync("party", partyId, async (connection, transaction) =>
        {
            // The row stays (agreements and jobs refer to it), marked removed; a party removed already is not on the list.
            await using (var mark = connection.Command(
                "UPDATE parties SET removed_at = @removed_at WHERE id = @id AND removed_at IS NULL", transaction)
                .With("id", partyId)
                .With("removed_at", database.ToDb(removedAt)))
            {
                if (await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
                {
                    throw new StoreConflictException(StoreConflictReason.MissingReference, "party", partyId);
                }
            }

            // The keys go: no request signed with them finds a party again.
            await using var keys = connection.Command("DELETE FROM party_keys WHERE party_id = @id", transaction).With("id", partyId);
            await keys.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken, completes);
    }
}

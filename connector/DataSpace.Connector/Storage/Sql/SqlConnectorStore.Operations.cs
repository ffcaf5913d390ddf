using System.Data.Common;
using DataSpace.Connector.Model;

namespace DataSpace.Connector.Storage.Sql;

/// <summary>Logged operations in flight, and the claims by which one operation at a time changes a job or an agreement.</summary>
internal sealed partial class SqlConnectorStore
{
    private const string OperationColumns = "id, action, resource, actor, runner_id, log_from, started_at";

    public async Task<bool> TryBeginOperationAsync(PendingOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        try
        {
            await WriteAsync("operation", operation.Resource, (connection, transaction) => InsertOperationAsync(connection, transaction, operation, cancellationToken),
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (StoreConflictException e) when (e.Reason == StoreConflictReason.DuplicateId)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<PendingOperation>> ListOperationsAsync(string runnerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runnerId);
        return await QueryAsync(
            $"SELECT {OperationColumns} FROM pending_operations WHERE runner_id = @runner_id ORDER BY log_from, started_at, id",
            c => c.With("runner_id", runnerId), ReadOperation, cancellationToken).ConfigureAwait(false);
    }

    public Task<bool> AbandonOperationAsync(string operationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operationId);
        return TryWriteAsync("operation", operationId, async (connection, transaction) =>
        {
            foreach (var table in new[] { "jobs", "agreements" })
            {
                await using var release = connection.Command($"UPDATE {table} SET claim_id = NULL WHERE claim_id = @op", transaction).With("op", operationId);
                await release.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var delete = connection.Command("DELETE FROM pending_operations WHERE id = @op", transaction).With("op", operationId);
            return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }, cancellationToken);
    }

    /// <summary>
    /// Records <paramref name="operation"/> and runs <paramref name="claimSql"/> (an UPDATE setting <c>claim_id = @op</c>
    /// where the row is claimable) in one transaction: true if the row was claimed, false (nothing written) otherwise,
    /// also when another operation is pending on the resource. The unique resource serializes concurrent claimers; the
    /// UPDATE's WHERE re-checks the row after any concurrent change, so exactly one wins.
    /// </summary>
    private async Task<bool> TryClaimAsync(string claimSql, Action<DbCommand> bind, PendingOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        try
        {
            return await TryWriteAsync("operation", operation.Resource, async (connection, transaction) =>
            {
                await InsertOperationAsync(connection, transaction, operation, cancellationToken).ConfigureAwait(false);
                await using var claim = connection.Command(claimSql, transaction).With("op", operation.Id);
                bind(claim);
                return await claim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreConflictException e) when (e.Reason == StoreConflictReason.DuplicateId)
        {
            return false;
        }
    }

    private async Task InsertOperationAsync(DbConnection connection, DbTransaction transaction, PendingOperation operation, CancellationToken cancellationToken)
    {
        await using var insert = connection.Command(
            $"INSERT INTO pending_operations ({OperationColumns}) VALUES (@id, @action, @resource, @actor, @runner_id, @log_from, @started_at)", transaction)
            .With("id", operation.Id)
            .With("action", operation.Action)
            .With("resource", operation.Resource)
            .With("actor", operation.Actor)
            .With("runner_id", operation.RunnerId)
            .With("log_from", operation.LogFrom)
            .With("started_at", database.ToDb(operation.StartedAt));
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a completed operation in the caller's transaction; a missing one is a bug (the effect would be unaccounted).</summary>
    private static async Task EndOperationAsync(DbConnection connection, DbTransaction transaction, string operationId, CancellationToken cancellationToken)
    {
        await using var delete = connection.Command("DELETE FROM pending_operations WHERE id = @op", transaction).With("op", operationId);
        if (await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
        {
            throw new InvalidOperationException($"operation {operationId} is not pending: its effect is not stored");
        }
    }

    private PendingOperation ReadOperation(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Action = reader.GetString(1),
        Resource = reader.GetString(2),
        Actor = reader.GetString(3),
        RunnerId = reader.GetString(4),
        LogFrom = reader.GetInt64(5),
        StartedAt = database.ReadTime(reader, 6),
    };
}

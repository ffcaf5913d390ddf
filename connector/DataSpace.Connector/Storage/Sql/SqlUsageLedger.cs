using System.Data.Common;
using System.Globalization;
using DataSpace.Policy.State;

namespace DataSpace.Connector.Storage.Sql;

/// <summary>
/// A persistent <see cref="IUsageLedger"/>: use counts and privacy budget per agreement in <c>usage_agreements</c>,
/// granted reservations in <c>usage_reservations</c>. Each decision reads the agreement's row and writes it back in
/// one write transaction that holds the row (PostgreSQL: SELECT ... FOR UPDATE) or the whole database (SQLite:
/// BEGIN IMMEDIATE), so concurrent requests, in one process or on several replicas, never both spend the last unit.
/// The arithmetic is .NET <see cref="decimal"/> on the grid of <see cref="BudgetAmount"/>, exactly as in memory.
/// </summary>
internal sealed class SqlUsageLedger(StorageDatabase database) : IUsageLedger
{
    private const string Open = "open";

    public async ValueTask<Reservation> TryReserveUseAsync(string agreementId, long limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agreementId);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        cancellationToken.ThrowIfCancellationRequested();

        return await ReserveAsync(agreementId, "use", usage =>
        {
            var granted = usage.Uses < limit;
            var after = granted ? usage with { Uses = usage.Uses + 1 } : usage;
            return new Reservation
            {
                Id = Guid.NewGuid(),
                AgreementId = agreementId,
                Kind = ReservationKind.Use,
                Outcome = granted ? ReservationOutcome.Granted : ReservationOutcome.UseLimitReached,
                RequestedUses = 1,
                UseLimit = limit,
                Usage = after,
            };
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<Reservation> TryReserveBudgetAsync(
        string agreementId, PrivacyBudget requested, PrivacyBudget limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agreementId);
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(limit);
        var epsilon = BudgetAmount.ToRequest(requested.Epsilon, nameof(requested));
        var delta = BudgetAmount.ToRequest(requested.Delta, nameof(requested));
        var epsilonLimit = BudgetAmount.ToLimit(limit.Epsilon, nameof(limit));
        var deltaLimit = BudgetAmount.ToLimit(limit.Delta, nameof(limit));
        cancellationToken.ThrowIfCancellationRequested();

        return await ReserveAsync(agreementId, "budget", usage =>
        {
            var outcome = usage.Epsilon + epsilon > epsilonLimit ? ReservationOutcome.EpsilonLimitExceeded
                : usage.Delta + delta > deltaLimit ? ReservationOutcome.DeltaLimitExceeded
                : ReservationOutcome.Granted;
            var after = outcome == ReservationOutcome.Granted
                ? usage with { Epsilon = usage.Epsilon + epsilon, Delta = usage.Delta + delta }
                : usage;
            return new Reservation
            {
                Id = Guid.NewGuid(),
                AgreementId = agreementId,
                Kind = ReservationKind.Budget,
                Outcome = outcome,
                RequestedEpsilon = epsilon,
                RequestedDelta = delta,
                EpsilonLimit = epsilonLimit,
                DeltaLimit = deltaLimit,
                Usage = after,
            };
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> ReleaseAsync(Reservation reservation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        cancellationToken.ThrowIfCancellationRequested();
        if (!reservation.IsGranted)
        {
            return false;
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);

        // Close the reservation first: of two concurrent releases, the second finds it no longer open.
        await using (var close = connection.Command(
            "UPDATE usage_reservations SET state = 'released' WHERE id = @id AND agreement_id = @agreement_id AND state = @open", transaction)
            .With("id", Key(reservation.Id))
            .With("agreement_id", reservation.AgreementId)
            .With("open", Open))
        {
            if (await close.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                return false;
            }
        }

        (long Uses, decimal Epsilon, decimal Delta) held;
        await using (var read = connection.Command(
            "SELECT uses, epsilon, delta FROM usage_reservations WHERE id = @id", transaction).With("id", Key(reservation.Id)))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            held = (reader.GetInt64(0), reader.GetDecimal(1), reader.GetDecimal(2));
        }

        var usage = await ReadUsageAsync(connection, transaction, reservation.AgreementId, cancellationToken).ConfigureAwait(false);
        await WriteUsageAsync(connection, transaction, usage with
        {
            Uses = usage.Uses - held.Uses,
            Epsilon = usage.Epsilon - held.Epsilon,
            Delta = usage.Delta - held.Delta,
        }, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async ValueTask<bool> CommitAsync(Reservation reservation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        cancellationToken.ThrowIfCancellationRequested();
        if (!reservation.IsGranted)
        {
            return false;
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var seal = connection.Command(
            "UPDATE usage_reservations SET state = 'committed' WHERE id = @id AND agreement_id = @agreement_id AND state = @open")
            .With("id", Key(reservation.Id))
            .With("agreement_id", reservation.AgreementId)
            .With("open", Open);
        return await seal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async ValueTask<UsageSnapshot> GetAsync(string agreementId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agreementId);
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var read = connection.Command(
            "SELECT uses, epsilon, delta FROM usage_agreements WHERE agreement_id = @agreement_id").With("agreement_id", agreementId);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new UsageSnapshot { AgreementId = agreementId, Uses = reader.GetInt64(0), Epsilon = reader.GetDecimal(1), Delta = reader.GetDecimal(2) }
            : new UsageSnapshot { AgreementId = agreementId };
    }

    /// <summary>Locks the agreement's row, lets <paramref name="decide"/> judge its usage, and records a granted reservation.</summary>
    private async Task<Reservation> ReserveAsync(
        string agreementId, string kind, Func<UsageSnapshot, Reservation> decide, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);

        await using (var ensure = connection.Command(
            "INSERT INTO usage_agreements (agreement_id) VALUES (@agreement_id) ON CONFLICT (agreement_id) DO NOTHING", transaction)
            .With("agreement_id", agreementId))
        {
            await ensure.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var usage = await ReadUsageAsync(connection, transaction, agreementId, cancellationToken).ConfigureAwait(false);
        var reservation = decide(usage);
        if (!reservation.IsGranted)
        {
            // Nothing to write; disposing the transaction rolls it back and frees the lock.
            return reservation;
        }

        await WriteUsageAsync(connection, transaction, reservation.Usage, cancellationToken).ConfigureAwait(false);
        await using (var record = connection.Command(
            "INSERT INTO usage_reservations (id, agreement_id, kind, uses, epsilon, delta, state) " +
            "VALUES (@id, @agreement_id, @kind, @uses, @epsilon, @delta, @open)", transaction)
            .With("id", Key(reservation.Id))
            .With("agreement_id", agreementId)
            .With("kind", kind)
            .With("uses", reservation.RequestedUses)
            .With("epsilon", reservation.RequestedEpsilon)
            .With("delta", reservation.RequestedDelta)
            .With("open", Open))
        {
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return reservation;
    }

    private async Task<UsageSnapshot> ReadUsageAsync(
        DbConnection connection, DbTransaction transaction, string agreementId, CancellationToken cancellationToken)
    {
        await using var read = connection.Command(
            $"SELECT uses, epsilon, delta FROM usage_agreements WHERE agreement_id = @agreement_id{database.ForUpdate}", transaction)
            .With("agreement_id", agreementId);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new UsageSnapshot { AgreementId = agreementId, Uses = reader.GetInt64(0), Epsilon = reader.GetDecimal(1), Delta = reader.GetDecimal(2) }
            : new UsageSnapshot { AgreementId = agreementId };
    }

    private static async Task WriteUsageAsync(
        DbConnection connection, DbTransaction transaction, UsageSnapshot usage, CancellationToken cancellationToken)
    {
        await using var write = connection.Command(
            "UPDATE usage_agreements SET uses = @uses, epsilon = @epsilon, delta = @delta WHERE agreement_id = @agreement_id", transaction)
            .With("agreement_id", usage.AgreementId)
            .With("uses", usage.Uses)
            .With("epsilon", usage.Epsilon)
            .With("delta", usage.Delta);
        await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Key(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);
}

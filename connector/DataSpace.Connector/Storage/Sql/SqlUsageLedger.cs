using System.Data.Common;
using System.Globalization;
using DataSpace.Policy.State;

namespace DataSpace.Connector.Storage.Sql;

/// <summary>
/// A persistent <see cref="IUsageLedger"/>: use counts per agreement in <c>usage_agreements</c>, privacy budget per
/// account in <c>budget_accounts</c>, granted reservations in <c>usage_reservations</c> (with the accounts a budget
/// reservation charged in <c>budget_charges</c>). Each decision reads the rows it judges and writes them back in one
/// write transaction that holds them (PostgreSQL: SELECT ... FOR UPDATE, accounts in key order) or the whole database
/// (SQLite: BEGIN IMMEDIATE), so concurrent requests, in one process or on several replicas, never both spend the last unit.
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
        string agreementId, PrivacyBudget requested, IReadOnlyList<BudgetAccountLimit> accounts, CancellationToken cancellationToken)
    {
        var request = BudgetDecision.Prepare(agreementId, requested, accounts);
        cancellationToken.ThrowIfCancellationRequested();

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await EnsureAgreementAsync(connection, transaction, agreementId, cancellationToken).ConfigureAwait(false);

        // Accounts are locked in key order (BudgetDecision.Prepare sorts them), so two reservations never wait for each other in a cycle.
        var spent = new List<BudgetAccountBalance>(request.Accounts.Count);
        foreach (var account in request.Accounts)
        {
            await using (var ensure = connection.Command(
                "INSERT INTO budget_accounts (account_key, kind, dataset_id, subject) VALUES (@key, @kind, @dataset_id, @subject) " +
                "ON CONFLICT (account_key) DO NOTHING", transaction)
                .With("key", account.Account.ToString())
                .With("kind", KindName(account.Account.Kind))
                .With("dataset_id", account.Account.DatasetId)
                .With("subject", account.Account.Subject))
            {
                await ensure.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            spent.Add(await ReadAccountAsync(connection, transaction, account.Account, cancellationToken).ConfigureAwait(false));
        }

        var uses = (await ReadUsageAsync(connection, transaction, agreementId, cancellationToken).ConfigureAwait(false)).Uses;
        var reservation = BudgetDecision.Decide(request, spent, uses);
        if (!reservation.IsGranted)
        {
            // Nothing to keep; disposing the transaction rolls it back and frees the locks.
            return reservation;
        }

        foreach (var account in reservation.Accounts)
        {
            await WriteAccountAsync(connection, transaction, account, withLimit: true, cancellationToken).ConfigureAwait(false);
        }

        await InsertReservationAsync(connection, transaction, reservation, "budget", cancellationToken).ConfigureAwait(false);
        foreach (var account in reservation.Accounts)
        {
            await using var charge = connection.Command(
                "INSERT INTO budget_charges (reservation_id, account_key) VALUES (@id, @key)", transaction)
                .With("id", Key(reservation.Id))
                .With("key", account.Account.ToString());
            await charge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return reservation;
    }

    public async ValueTask<IReadOnlyList<BudgetAccountBalance>> GetBudgetAsync(IReadOnlyList<BudgetAccountKey> accounts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginSnapshotAsync(connection, cancellationToken).ConfigureAwait(false);
        var balances = new List<BudgetAccountBalance>(accounts.Count);
        foreach (var account in accounts)
        {
            ArgumentNullException.ThrowIfNull(account);
            await using var read = connection.Command(
                $"SELECT {AccountColumns} FROM budget_accounts WHERE account_key = @key", transaction).With("key", account.ToString());
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            balances.Add(await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadAccount(reader) : new BudgetAccountBalance { Account = account });
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return balances;
    }

    public async ValueTask<IReadOnlyList<BudgetAccountBalance>> ListBudgetAsync(string datasetId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(datasetId);
        cancellationToken.ThrowIfCancellationRequested();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var read = connection.Command(
            $"SELECT {AccountColumns} FROM budget_accounts WHERE dataset_id = @dataset_id").With("dataset_id", datasetId);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var balances = new List<BudgetAccountBalance>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            balances.Add(ReadAccount(reader));
        }

        balances.Sort((x, y) => string.CompareOrdinal(x.Account.ToString(), y.Account.ToString()));
        return balances;
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

        (string Kind, long Uses, decimal Epsilon, decimal Delta) held;
        await using (var read = connection.Command(
            "SELECT kind, uses, epsilon, delta FROM usage_reservations WHERE id = @id", transaction).With("id", Key(reservation.Id)))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            held = (reader.GetString(0), reader.GetInt64(1), reader.GetDecimal(2), reader.GetDecimal(3));
        }

        if (held.Kind == "budget")
        {
            // Every account the reservation charged gets its amount back, in key order (the lock order of reservations).
            var charged = new List<string>();
            await using (var read = connection.Command(
                "SELECT account_key FROM budget_charges WHERE reservation_id = @id", transaction).With("id", Key(reservation.Id)))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    charged.Add(reader.GetString(0));
                }
            }

            charged.Sort(StringComparer.Ordinal);
            foreach (var key in charged)
            {
                await using var read = connection.Command(
                    $"SELECT {AccountColumns} FROM budget_accounts WHERE account_key = @key{database.ForUpdate}", transaction).With("key", key);
                BudgetAccountBalance account;
                await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    account = ReadAccount(reader);
                }

                await WriteAccountAsync(connection, transaction, account with
                {
                    Epsilon = account.Epsilon - held.Epsilon,
                    Delta = account.Delta - held.Delta,
                }, withLimit: false, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            var usage = await ReadUsageAsync(connection, transaction, reservation.AgreementId, cancellationToken).ConfigureAwait(false);
            await WriteUsageAsync(connection, transaction, usage with { Uses = usage.Uses - held.Uses }, cancellationToken).ConfigureAwait(false);
        }

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
            "SELECT u.uses, b.epsilon, b.delta FROM (SELECT @agreement_id AS agreement_id) q " +
            "LEFT JOIN usage_agreements u ON u.agreement_id = q.agreement_id " +
            "LEFT JOIN budget_accounts b ON b.account_key = @account_key").With("agreement_id", agreementId).With("account_key", "agreement/" + agreementId);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new UsageSnapshot
        {
            AgreementId = agreementId,
            Uses = reader.IsDBNull(0) ? 0 : reader.GetInt64(0),
            Epsilon = reader.IsDBNull(1) ? 0 : reader.GetDecimal(1),
            Delta = reader.IsDBNull(2) ? 0 : reader.GetDecimal(2),
        };
    }

    /// <summary>Locks the agreement's row, lets <paramref name="decide"/> judge its usage, and records a granted reservation.</summary>
    private async Task<Reservation> ReserveAsync(
        string agreementId, string kind, Func<UsageSnapshot, Reservation> decide, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);

        await EnsureAgreementAsync(connection, transaction, agreementId, cancellationToken).ConfigureAwait(false);
        var usage = await ReadUsageAsync(connection, transaction, agreementId, cancellationToken).ConfigureAwait(false);
        var reservation = decide(usage);
        if (!reservation.IsGranted)
        {
            // Nothing to write; disposing the transaction rolls it back and frees the lock.
            return reservation;
        }

        await WriteUsageAsync(connection, transaction, reservation.Usage, cancellationToken).ConfigureAwait(false);
        await InsertReservationAsync(connection, transaction, reservation, kind, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return reservation;
    }

    private static async Task EnsureAgreementAsync(DbConnection connection, DbTransaction transaction, string agreementId, CancellationToken cancellationToken)
    {
        await using var ensure = connection.Command(
            "INSERT INTO usage_agreements (agreement_id) VALUES (@agreement_id) ON CONFLICT (agreement_id) DO NOTHING", transaction)
            .With("agreement_id", agreementId);
        await ensure.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task InsertReservationAsync(
        DbConnection connection, DbTransaction transaction, Reservation reservation, string kind, CancellationToken cancellationToken)
    {
        await using var record = connection.Command(
            "INSERT INTO usage_reservations (id, agreement_id, kind, uses, epsilon, delta, state) " +
            "VALUES (@id, @agreement_id, @kind, @uses, @epsilon, @delta, @open)", transaction)
            .With("id", Key(reservation.Id))
            .With("agreement_id", reservation.AgreementId)
            .With("kind", kind)
            .With("uses", reservation.RequestedUses)
            .With("epsilon", reservation.RequestedEpsilon)
            .With("delta", reservation.RequestedDelta)
            .With("open", Open);
        await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<UsageSnapshot> ReadUsageAsync(
        DbConnection connection, DbTransaction transaction, string agreementId, CancellationToken cancellationToken)
    {
        await using var read = connection.Command(
            $"SELECT uses FROM usage_agreements WHERE agreement_id = @agreement_id{database.ForUpdate}", transaction)
            .With("agreement_id", agreementId);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new UsageSnapshot { AgreementId = agreementId, Uses = reader.GetInt64(0) }
            : new UsageSnapshot { AgreementId = agreementId };
    }

    private static async Task WriteUsageAsync(
        DbConnection connection, DbTransaction transaction, UsageSnapshot usage, CancellationToken cancellationToken)
    {
        await using var write = connection.Command(
            "UPDATE usage_agreements SET uses = @uses WHERE agreement_id = @agreement_id", transaction)
            .With("agreement_id", usage.AgreementId)
            .With("uses", usage.Uses);
        await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<BudgetAccountBalance> ReadAccountAsync(
        DbConnection connection, DbTransaction transaction, BudgetAccountKey account, CancellationToken cancellationToken)
    {
        await using var read = connection.Command(
            $"SELECT {AccountColumns} FROM budget_accounts WHERE account_key = @key{database.ForUpdate}", transaction).With("key", account.ToString());
        await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadAccount(reader) : new BudgetAccountBalance { Account = account };
    }

    private static async Task WriteAccountAsync(
        DbConnection connection, DbTransaction transaction, BudgetAccountBalance account, bool withLimit, CancellationToken cancellationToken)
    {
        await using var write = connection.Command(
            "UPDATE budget_accounts SET epsilon = @epsilon, delta = @delta" +
            (withLimit ? ", epsilon_limit = @epsilon_limit, delta_limit = @delta_limit" : "") + " WHERE account_key = @key", transaction)
            .With("key", account.Account.ToString())
            .With("epsilon", account.Epsilon)
            .With("delta", account.Delta)
            .With("epsilon_limit", account.EpsilonLimit)
            .With("delta_limit", account.DeltaLimit);
        await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private const string AccountColumns = "kind, dataset_id, subject, epsilon, delta, epsilon_limit, delta_limit";

    private static BudgetAccountBalance ReadAccount(DbDataReader reader) => new()
    {
        Account = BudgetAccountKey.Of(KindOf(reader.GetString(0)), reader.GetString(1), reader.GetString(2)),
        Epsilon = reader.GetDecimal(3),
        Delta = reader.GetDecimal(4),
        EpsilonLimit = reader.GetDecimal(5),
        DeltaLimit = reader.GetDecimal(6),
    };

    /// <summary>The stored name of an account kind (docs/storage.md, "budget_accounts").</summary>
    internal static string KindName(BudgetAccountKind kind) => kind switch
    {
        BudgetAccountKind.Agreement => "agreement",
        BudgetAccountKind.DataUser => "data-user",
        _ => "dataset-period",
    };

    private static BudgetAccountKind KindOf(string name) => name switch
    {
        "agreement" => BudgetAccountKind.Agreement,
        "data-user" => BudgetAccountKind.DataUser,
        "dataset-period" => BudgetAccountKind.DatasetPeriod,
        _ => throw new InvalidDataException($"budget_accounts.kind '{name}' is not an account kind"),
    };

    private static string Key(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);
}

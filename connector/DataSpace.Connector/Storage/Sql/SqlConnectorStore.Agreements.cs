using System.Data.Common;
using DataSpace.Connector.Model;

namespace DataSpace.Connector.Storage.Sql;

/// <summary>Offers, agreements and modules.</summary>
internal sealed partial class SqlConnectorStore
{
    private const string OfferColumns = "id, dataset_id, policy_json, created_at, withdrawn_at";
    private const string AgreementColumns =
        "id, offer_id, dataset_id, operator_id, purpose, policy_json, valid_from, valid_until, supplier_signature, " +
        "operator_signature, created_at, revoked_at";

    public Task AddOfferAsync(Offer offer, string? completes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentException.ThrowIfNullOrWhiteSpace(offer.Id);
        return WriteAsync("offer", offer.Id, async (connection, transaction) =>
        {
            await using var insert = connection.Command(
                $"INSERT INTO offers ({OfferColumns}) VALUES (@id, @dataset_id, @policy_json, @created_at, @withdrawn_at)", transaction)
                .With("id", offer.Id)
                .With("dataset_id", offer.DatasetId)
                .With("policy_json", offer.PolicyJson)
                .With("created_at", database.ToDb(offer.CreatedAt))
                .With("withdrawn_at", database.ToDb(offer.WithdrawnAt));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken, completes);
    }

    public async Task<Offer?> GetOfferAsync(string offerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offerId);
        var offers = await QueryAsync(
            $"SELECT {OfferColumns} FROM offers WHERE id = @id", c => c.With("id", offerId), ReadOffer, cancellationToken)
            .ConfigureAwait(false);
        return offers.Count == 0 ? null : offers[0];
    }

    public async Task<IReadOnlyList<Offer>> ListOffersAsync(string? datasetId, CancellationToken cancellationToken) =>
        datasetId is null
            ? await QueryAsync($"SELECT {OfferColumns} FROM offers ORDER BY id", static _ => { }, ReadOffer, cancellationToken)
                .ConfigureAwait(false)
            : await QueryAsync(
                $"SELECT {OfferColumns} FROM offers WHERE dataset_id = @dataset_id ORDER BY id",
                c => c.With("dataset_id", datasetId),
                ReadOffer,
                cancellationToken).ConfigureAwait(false);

    public async Task<bool> WithdrawOfferAsync(string offerId, DateTimeOffset withdrawnAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offerId);
        return await ExecuteAsync(
            "UPDATE offers SET withdrawn_at = @at WHERE id = @id AND withdrawn_at IS NULL",
            c => c.With("id", offerId).With("at", database.ToDb(withdrawnAt)),
            cancellationToken).ConfigureAwait(false) == 1;
    }

    public Task AddAgreementAsync(Agreement agreement, string? completes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        ArgumentException.ThrowIfNullOrWhiteSpace(agreement.Id);
        return WriteAsync("agreement", agreement.Id, async (connection, transaction) =>
        {
            await using var insert = connection.Command(
                $"INSERT INTO agreements ({AgreementColumns}) VALUES (@id, @offer_id, @dataset_id, @operator_id, @purpose, " +
                "@policy_json, @valid_from, @valid_until, @supplier_signature, @operator_signature, @created_at, @revoked_at)", transaction)
                .With("id", agreement.Id)
                .With("offer_id", agreement.OfferId)
                .With("dataset_id", agreement.DatasetId)
                .With("operator_id", agreement.OperatorId)
                .With("purpose", agreement.Purpose)
                .With("policy_json", agreement.PolicyJson)
                .With("valid_from", database.ToDb(agreement.ValidFrom))
                .With("valid_until", database.ToDb(agreement.ValidUntil))
                .With("supplier_signature", agreement.SupplierSignature)
                .With("operator_signature", agreement.OperatorSignature)
                .With("created_at", database.ToDb(agreement.CreatedAt))
                .With("revoked_at", database.ToDb(agreement.RevokedAt));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken, completes);
    }

    public async Task<Agreement?> GetAgreementAsync(string agreementId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agreementId);
        var agreements = await QueryAsync(
            $"SELECT {AgreementColumns} FROM agreements WHERE id = @id", c => c.With("id", agreementId), ReadAgreement, cancellationToken)
            .ConfigureAwait(false);
        return agreements.Count == 0 ? null : agreements[0];
    }

    public async Task<IReadOnlyList<Agreement>> ListAgreementsAsync(string? datasetId, CancellationToken cancellationToken) =>
        datasetId is null
            ? await QueryAsync($"SELECT {AgreementColumns} FROM agreements ORDER BY id", static _ => { }, ReadAgreement, cancellationToken)
                .ConfigureAwait(false)
            : await QueryAsync(
                $"SELECT {AgreementColumns} FROM agreements WHERE dataset_id = @dataset_id ORDER BY id",
                c => c.With("dataset_id", datasetId),
                ReadAgreement,
                cancellationToken).ConfigureAwait(false);

    public async Task<bool> RevokeAgreementAsync(string agreementId, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agreementId);
        return await ExecuteAsync(
            "UPDATE agreements SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL",
            c => c.With("id", agreementId).With("at", database.ToDb(revokedAt)),
            cancellationToken).ConfigureAwait(false) == 1;
    }

    public Task<bool> TryClaimAgreementAsync(string agreementId, PendingOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agreementId);
        return TryClaimAsync(
            "UPDATE agreements SET claim_id = @op WHERE id = @id AND revoked_at IS NULL AND claim_id IS NULL",
            c => c.With("id", agreementId), operation, cancellationToken);
    }

    public async Task<bool> RevokeAgreementAsync(string agreementId, DateTimeOffset revokedAt, string completes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agreementId);
        ArgumentNullException.ThrowIfNull(completes);
        return await TryWriteAsync("agreement", agreementId, async (connection, transaction) =>
        {
            await using var update = connection.Command(
                "UPDATE agreements SET revoked_at = @at, claim_id = NULL WHERE id = @id AND claim_id = @op", transaction)
                .With("id", agreementId).With("at", database.ToDb(revokedAt)).With("op", completes);
            return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }, cancellationToken, completes).ConfigureAwait(false);
    }

    public async Task<bool> PutModuleAsync(string digest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(digest);
        return await ExecuteAsync(
            "INSERT INTO modules (digest, content, size) VALUES (@digest, @content, @size) ON CONFLICT (digest) DO NOTHING",
            c => c.With("digest", digest).With("content", content.ToArray()).With("size", (long)content.Length),
            cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<byte[]?> GetModuleAsync(string digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var modules = await QueryAsync(
            "SELECT content FROM modules WHERE digest = @digest",
            c => c.With("digest", digest),
            static reader => (byte[])reader.GetValue(0),
            cancellationToken).ConfigureAwait(false);
        return modules.Count == 0 ? null : modules[0];
    }

    private Offer ReadOffer(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        DatasetId = reader.GetString(1),
        PolicyJson = reader.GetString(2),
        CreatedAt = database.ReadTime(reader, 3),
        WithdrawnAt = database.ReadNullableTime(reader, 4),
    };

    private Agreement ReadAgreement(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        OfferId = reader.GetString(1),
        DatasetId = reader.GetString(2),
        OperatorId = reader.GetString(3),
        Purpose = reader.GetString(4),
        PolicyJson = reader.GetString(5),
        ValidFrom = database.ReadTime(reader, 6),
        ValidUntil = database.ReadTime(reader, 7),
        SupplierSignature = reader.GetString(8),
        OperatorSignature = reader.GetString(9),
        CreatedAt = database.ReadTime(reader, 10),
        RevokedAt = database.ReadNullableTime(reader, 11),
    };
}

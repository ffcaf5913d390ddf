using System.Data.Common;
using DataSpace.Connector.Model;

namespace DataSpace.Connector.Storage.Sql;

/// <summary>
/// <see cref="IConnectorStore"/> in plain parameterised SQL that both engines accept; what differs between them
/// lives in <see cref="StorageDatabase"/>. One partial file per group of resources.
/// </summary>
internal sealed partial class SqlConnectorStore(StorageDatabase database) : IConnectorStore
{
    private const string PartyColumns = "id, display_name, role, added_at";
    private const string DatasetColumns =
        "id, name, format, location, schema_json, row_count, content_digest, classification_level, registered_at, column_classes_json, " +
        "entity_column, entity_max_rows, parts_json";

    private readonly ILogger _logger = database.LoggerFactory.CreateLogger<SqlConnectorStore>();

    public Task InitializeAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    public Task AddPartyAsync(Party party, CancellationToken cancellationToken) => AddPartyAsync(party, null, cancellationToken);

    public Task AddDatasetAsync(Dataset dataset, CancellationToken cancellationToken) => AddDatasetAsync(dataset, null, cancellationToken);

    public Task AddOfferAsync(Offer offer, CancellationToken cancellationToken) => AddOfferAsync(offer, null, cancellationToken);

    public Task AddAgreementAsync(Agreement agreement, CancellationToken cancellationToken) => AddAgreementAsync(agreement, null, cancellationToken);

    public Task AddJobAsync(Job job, CancellationToken cancellationToken) => AddJobAsync(job, null, cancellationToken);

    public Task AddPartyAsync(Party party, string? completes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(party);
        ArgumentException.ThrowIfNullOrWhiteSpace(party.Id);
        ArgumentNullException.ThrowIfNull(party.Keys);
        return WriteAsync("party", party.Id, async (connection, transaction) =>
        {
            await using (var insert = connection.Command(
                $"INSERT INTO parties ({PartyColumns}) VALUES (@id, @display_name, @role, @added_at)", transaction)
                .With("id", party.Id)
                .With("display_name", party.DisplayName)
                .With("role", SqlNames.Of(party.Role))
                .With("added_at", database.ToDb(party.AddedAt)))
            {
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            for (var i = 0; i < party.Keys.Count; i++)
            {
                var key = party.Keys[i];
                await using var insertKey = connection.Command(
                    "INSERT INTO party_keys (key_id, party_id, position, public_key_pem) VALUES (@key_id, @party_id, @position, @pem)", transaction)
                    .With("key_id", key.KeyId)
                    .With("party_id", party.Id)
                    .With("position", i)
                    .With("pem", key.PublicKeyPem);
                await insertKey.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken, completes);
    }

    public async Task<Party?> GetPartyAsync(string partyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partyId);
        var parties = await ReadPartiesAsync("WHERE p.id = @id AND p.removed_at IS NULL", partyId, cancellationToken).ConfigureAwait(false);
        return parties.Count == 0 ? null : parties[0];
    }

    public async Task<Party?> GetPartyByKeyIdAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        var parties = await ReadPartiesAsync(
            "WHERE p.id = (SELECT party_id FROM party_keys WHERE key_id = @id) AND p.removed_at IS NULL", keyId, cancellationToken).ConfigureAwait(false);
        return parties.Count == 0 ? null : parties[0];
    }

    public async Task<IReadOnlyList<Party>> ListPartiesAsync(CancellationToken cancellationToken) =>
        await ReadPartiesAsync("WHERE p.removed_at IS NULL", null, cancellationToken).ConfigureAwait(false);

    public Task AddDatasetAsync(Dataset dataset, string? completes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataset.Id);
        return WriteAsync("dataset", dataset.Id, async (connection, transaction) =>
        {
            await using var insert = connection.Command(
                $"INSERT INTO datasets ({DatasetColumns}) VALUES (@id, @name, @format, @location, @schema_json, @row_count, " +
                "@content_digest, @classification_level, @registered_at, @column_classes_json, @entity_column, @entity_max_rows, @parts_json)", transaction)
                .With("id", dataset.Id)
                .With("name", dataset.Name)
                .With("format", SqlNames.Of(dataset.Format))
                .With("location", dataset.Location)
                .With("schema_json", dataset.SchemaJson)
                .With("row_count", dataset.RowCount)
                .With("content_digest", dataset.ContentDigest)
                .With("classification_level", dataset.ClassificationLevel)
                .With("registered_at", database.ToDb(dataset.RegisteredAt))
                .With("column_classes_json", dataset.ColumnClassesJson)
                .With("entity_column", dataset.EntityColumn)
                .With("entity_max_rows", dataset.EntityMaxRows)
                .With("parts_json", dataset.PartsJson);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken, completes);
    }

    public async Task<Dataset?> GetDatasetAsync(string datasetId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(datasetId);
        var datasets = await QueryAsync(
            $"SELECT {DatasetColumns} FROM datasets WHERE id = @id", c => c.With("id", datasetId), ReadDataset, cancellationToken)
            .ConfigureAwait(false);
        return datasets.Count == 0 ? null : datasets[0];
    }

    public async Task<IReadOnlyList<Dataset>> ListDatasetsAsync(CancellationToken cancellationToken) =>
        await QueryAsync($"SELECT {DatasetColumns} FROM datasets ORDER BY id", static _ => { }, ReadDataset, cancellationToken)
            .ConfigureAwait(false);

    /// <summary>
    /// Parties with their keys in one statement (one round trip, one consistent read): a row per key, or one row with
    /// null key columns for a party without keys. The filter selects by <c>@id</c>.
    /// </summary>
    private async Task<List<Party>> ReadPartiesAsync(string filter, string? id, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            "SELECT p.id, p.display_name, p.role, p.added_at, k.key_id, k.public_key_pem " +
            $"FROM parties p LEFT JOIN party_keys k ON k.party_id = p.id {filter} ORDER BY p.id, k.position",
            c =>
            {
                if (id is not null)
                {
                    c.With("id", id);
                }
            },
            ReadPartyRow,
            cancellationToken).ConfigureAwait(false);
        return GroupParties(rows);
    }

    /// <summary>A party and one of its keys (null for a party without keys), from a row of the parties-with-keys join.</summary>
    private (Party Party, PartyKey? Key) ReadPartyRow(DbDataReader reader) => (new Party
    {
        Id = reader.GetString(0),
        DisplayName = reader.GetString(1),
        Role = SqlNames.ToPartyRole(reader.GetString(2)),
        AddedAt = database.ReadTime(reader, 3),
        Keys = [],
    }, reader.IsDBNull(4) ? null : new PartyKey(reader.GetString(4), reader.GetString(5)));

    /// <summary>The rows of the parties-with-keys join, ordered by party and key position, as parties with their keys.</summary>
    private static List<Party> GroupParties(List<(Party Party, PartyKey? Key)> rows)
    {
        var parties = new List<Party>();
        List<PartyKey>? keys = null;
        foreach (var (party, key) in rows)
        {
            if (parties.Count == 0 || !string.Equals(parties[^1].Id, party.Id, StringComparison.Ordinal))
            {
                keys = [];
                parties.Add(party with { Keys = keys });
            }

            if (key is not null)
            {
                keys!.Add(key);
            }
        }

        return parties;
    }

    private Dataset ReadDataset(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Name = reader.GetString(1),
        Format = SqlNames.ToDatasetFormat(reader.GetString(2)),
        Location = reader.GetString(3),
        SchemaJson = reader.GetString(4),
        RowCount = reader.GetInt64(5),
        ContentDigest = reader.GetString(6),
        ClassificationLevel = reader.GetInt32(7),
        RegisteredAt = database.ReadTime(reader, 8),
        ColumnClassesJson = reader.GetNullableString(9),
        EntityColumn = reader.GetNullableString(10),
        EntityMaxRows = reader.IsDBNull(11) ? null : reader.GetInt32(11),
        PartsJson = reader.GetNullableString(12),
    };

    /// <summary>
    /// Runs <paramref name="write"/> in a write transaction, turning constraint violations into <see cref="StoreConflictException"/>;
    /// with <paramref name="completes"/>, removes that pending operation in the same transaction (docs/storage.md, "Operations").
    /// </summary>
    private Task WriteAsync(
        string resource, string id, Func<DbConnection, DbTransaction, Task> write, CancellationToken cancellationToken, string? completes = null) =>
        TryWriteAsync(resource, id, async (connection, transaction) =>
        {
            await write(connection, transaction).ConfigureAwait(false);
            return true;
        }, cancellationToken, completes);

    /// <summary>As <see cref="WriteAsync"/>, but <paramref name="write"/> may decline (false): then nothing is written.</summary>
    private async Task<bool> TryWriteAsync(
        string resource, string id, Func<DbConnection, DbTransaction, Task<bool>> write, CancellationToken cancellationToken, string? completes = null)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        try
        {
            if (!await write(connection, transaction).ConfigureAwait(false))
            {
                return false;
            }

            if (completes is not null)
            {
                await EndOperationAsync(connection, transaction, completes, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbException exception) when (database.IsUniqueViolation(exception))
        {
            throw new StoreConflictException(StoreConflictReason.DuplicateId, resource, id, exception);
        }
        catch (DbException exception) when (database.IsForeignKeyViolation(exception))
        {
            throw new StoreConflictException(StoreConflictReason.MissingReference, resource, id, exception);
        }
    }

    private async Task<List<T>> QueryAsync<T>(
        string sql, Action<DbCommand> bind, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(sql);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private async Task<int> ExecuteAsync(string sql, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(sql);
        bind(command);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

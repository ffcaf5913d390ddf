namespace DataSpace.Connector.Storage.Sql;

/// <summary>Query-set overlap control: released row sets checked and recorded in one write transaction per release.</summary>
internal sealed partial class SqlConnectorStore
{
    public async Task<byte[]> GetOrCreateSecretAsync(string name, Func<byte[]> create, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        byte[]? secret = null;
        await WriteAsync("secret", name, async (connection, transaction) =>
        {
            await using (var insert = connection.Command(
                "INSERT INTO connector_secrets (name, value, created_at) VALUES (@name, @value, @at) ON CONFLICT (name) DO NOTHING", transaction)
                .With("name", name).With("value", create()).With("at", database.ToDb(database.Time.GetUtcNow())))
            {
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var read = connection.Command("SELECT value FROM connector_secrets WHERE name = @name", transaction).With("name", name);
            secret = (byte[])(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }, cancellationToken).ConfigureAwait(false);
        return secret!;
    }

    public async Task<RowSetConflict?> TryRecordRowSetsAsync(RowSetRelease release, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(release);
        RowSetConflict? conflict = null;
        await TryWriteAsync("dataset", release.DatasetId, async (connection, transaction) =>
        {
            // Serialise releases over one dataset: SQLite's write transaction already holds the database; PostgreSQL
            // locks the dataset's row, so two releases cannot both pass the check against the sets before either.
            await using (var lockDataset = connection.Command("SELECT id FROM datasets WHERE id = @id" + database.ForUpdate, transaction)
                .With("id", release.DatasetId))
            {
                if (await lockDataset.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
                {
                    throw new StoreConflictException(StoreConflictReason.MissingReference, "dataset", release.DatasetId);
                }
            }

            var fresh = new List<ReleasedRowSet>();
            foreach (var set in release.Sets)
            {
                var same = false;
                await using var candidates = connection.Command(
                    "SELECT job_id, group_label, sketch, min_group_size FROM released_row_sets " +
                    "WHERE dataset_id = @dataset AND dataset_digest = @digest AND row_count BETWEEN @low AND @high ORDER BY id", transaction)
                    .With("dataset", release.DatasetId)
                    .With("digest", release.DatasetDigest)
                    .With("low", set.Rows - release.MaxDifference)
                    .With("high", set.Rows + release.MaxDifference);
                await using var reader = await candidates.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var difference = release.Difference((byte[])reader.GetValue(2), set.Sketch);
                    if (difference >= 1 && difference < Math.Max(release.MinGroupSize, reader.GetInt64(3)))
                    {
                        conflict = new RowSetConflict(set.GroupLabel, reader.GetString(0), reader.GetString(1));
                        return false;
                    }

                    same |= difference == 0;
                }

                if (!same)
                {
                    fresh.Add(set);
                }
            }

            var now = database.ToDb(database.Time.GetUtcNow());
            foreach (var set in fresh)
            {
                await using var insert = connection.Command(
                    "INSERT INTO released_row_sets (dataset_id, dataset_digest, job_id, group_label, row_count, min_group_size, sketch, recorded_at) " +
                    "VALUES (@dataset, @digest, @job, @label, @rows, @k, @sketch, @at)", transaction)
                    .With("dataset", release.DatasetId)
                    .With("digest", release.DatasetDigest)
                    .With("job", release.JobId)
                    .With("label", set.GroupLabel)
                    .With("rows", set.Rows)
                    .With("k", release.MinGroupSize)
                    .With("sketch", set.Sketch)
                    .With("at", now);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return true;
        }, cancellationToken).ConfigureAwait(false);
        return conflict;
    }
}

using DataSpace.Crypto.Digests;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Merkle;
using Npgsql;
using NpgsqlTypes;

namespace DataSpace.Connector.Storage.Postgres;

/// <summary>The shared log's opening: its tables made once, its digest fixed, every leaf and node verified.</summary>
internal sealed partial class PostgresLog
{
    private const string CreateSql = """
        CREATE TABLE IF NOT EXISTS log_meta (
            id     integer PRIMARY KEY CHECK (id = 1),
            digest text    NOT NULL
        );
        CREATE TABLE IF NOT EXISTS log_leaves (
            seq  bigint PRIMARY KEY CHECK (seq >= 0),
            leaf bytea  NOT NULL
        );
        CREATE TABLE IF NOT EXISTS log_nodes (
            level smallint NOT NULL CHECK (level BETWEEN 0 AND 63),
            idx   bigint   NOT NULL CHECK (idx >= 0),
            hash  bytea    NOT NULL CHECK (length(hash) = 32),
            PRIMARY KEY (level, idx)
        );
        """;

    private static async Task CreateAsync(NpgsqlDataSource source, DigestAlgorithm digest, CancellationToken cancellationToken)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand(LockSql, connection, transaction) { Parameters = { new() { Value = LockKey } } })
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var create = new NpgsqlCommand(CreateSql, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var name = digest.ToString().ToLowerInvariant();
        await using (var meta = new NpgsqlCommand("INSERT INTO log_meta (id, digest) VALUES (1, $1) ON CONFLICT (id) DO NOTHING", connection, transaction)
        {
            Parameters = { new() { Value = name } },
        })
        {
            await meta.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var read = new NpgsqlCommand("SELECT digest FROM log_meta WHERE id = 1", connection, transaction))
        {
            var stored = (string?)await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (stored != name)
            {
                throw new InvalidDataException($"the shared log in PostgreSQL uses the digest '{stored}', not '{name}' (the connector key's suite): a log keeps one digest");
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads every leaf in order and checks it as the file log's start-up verification does: its index, its <c>prev</c>
    /// link to the leaf before, its hash against the stored level-0 node; and every stored node above against the
    /// hash of the leaves it covers, recomputed here (compared a batch at a time). Returns the compact range and the last
    /// leaf hash to go on from.
    /// </summary>
    private static async Task<(CompactRange Range, byte[] Last)> VerifyAsync(NpgsqlDataSource source, MerkleHasher hasher, CancellationToken cancellationToken)
    {
        var range = new CompactRange(hasher);
        var last = new byte[MerkleHasher.HashSize];
        var upper = new NodeBatch();
        await using var connection = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var nodes = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "SELECT l.seq, l.leaf, n.hash FROM log_leaves l LEFT JOIN log_nodes n ON n.level = 0 AND n.idx = l.seq ORDER BY l.seq", connection);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            var hash = new byte[MerkleHasher.HashSize];
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var seq = reader.GetInt64(0);
                var leaf = (byte[])reader.GetValue(1);
                if (seq != range.Size)
                {
                    throw new InvalidDataException($"the shared log has no entry {range.Size} (the next is {seq})");
                }

                if (!LogLeaf.TryParse(leaf, out var parts, out var error) || parts.Index != seq || !parts.Previous.SequenceEqual(last))
                {
                    throw new InvalidDataException($"shared log entry {seq} does not verify: {error ?? "its index or prev link is not the chain's"}");
                }

                hasher.HashLeaf(leaf, hash);
                if (reader.IsDBNull(2) || !((byte[])reader.GetValue(2)).AsSpan().SequenceEqual(hash))
                {
                    throw new InvalidDataException($"shared log entry {seq}: its stored leaf hash is not the hash of its leaf");
                }

                range.Append(hash, upper);
                hash.CopyTo(last, 0);
                if (upper.Levels.Count >= 8192)
                {
                    await CompareNodesAsync(nodes, upper, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        await CompareNodesAsync(nodes, upper, cancellationToken).ConfigureAwait(false);
        return (range, last);
    }

    /// <summary>Fails naming the first node of <paramref name="expected"/> (above level 0) that is missing or differs in <c>log_nodes</c>; then empties it.</summary>
    private static async Task CompareNodesAsync(NpgsqlConnection connection, NodeBatch expected, CancellationToken cancellationToken)
    {
        var keep = expected.Levels.Select((level, i) => (level, i)).Where(x => x.level > 0).Select(x => x.i).ToArray();
        if (keep.Length > 0)
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT t.level, t.idx FROM unnest($1, $2, $3) AS t(level, idx, hash)
                LEFT JOIN log_nodes n ON n.level = t.level AND n.idx = t.idx
                WHERE n.hash IS DISTINCT FROM t.hash ORDER BY t.idx, t.level LIMIT 1
                """, connection)
            {
                Parameters =
                {
                    new() { Value = keep.Select(i => expected.Levels[i]).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint },
                    new() { Value = keep.Select(i => expected.Indexes[i]).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                    new() { Value = keep.Select(i => expected.Hashes[i]).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea },
                },
            };
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var (level, index) = (reader.GetInt16(0), reader.GetInt64(1));
                throw new InvalidDataException(
                    $"the shared log's stored tree node at level {level}, index {index} (entries {index << level} to {((index + 1) << level) - 1}) is not the hash of those entries");
            }
        }

        expected.Clear();
    }
}

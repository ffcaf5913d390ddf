using System.Collections.Concurrent;
using DataSpace.Crypto.Merkle;
using Npgsql;

namespace DataSpace.Connector.Storage.Postgres;

/// <summary>
/// The shared log's tree nodes (<c>log_nodes</c>) for proofs and roots. A node, once written, never changes (it is the
/// hash of a complete subtree), so the upper levels are kept in memory as they are read: from level
/// <see cref="CachedFromLevel"/> up a log of 2^k entries has at most 2^(k-6) of them, so the cache stays small (16 MiB
/// at a billion entries) and a proof costs a few queries for its lowest levels only.
/// </summary>
internal sealed class PostgresLogNodes(NpgsqlDataSource source) : INodeHashSource
{
    public const int CachedFromLevel = 6;

    private readonly ConcurrentDictionary<(int Level, long Index), byte[]> _upper = new();

    public void ReadNode(int level, long index, Span<byte> destination)
    {
        if (level >= CachedFromLevel && _upper.TryGetValue((level, index), out var cached))
        {
            cached.CopyTo(destination);
            return;
        }

        using var connection = source.OpenConnection();
        using var command = new NpgsqlCommand("SELECT hash FROM log_nodes WHERE level = $1 AND idx = $2", connection)
        {
            Parameters = { new() { Value = (short)level }, new() { Value = index } },
        };
        var hash = command.ExecuteScalar() as byte[]
            ?? throw new InvalidDataException($"the shared log has no tree node at level {level}, index {index}");
        if (hash.Length != MerkleHasher.HashSize)
        {
            throw new InvalidDataException($"the shared log's tree node at level {level}, index {index} is {hash.Length} bytes, not {MerkleHasher.HashSize}");
        }

        if (level >= CachedFromLevel)
        {
            _upper.TryAdd((level, index), hash);
        }

        hash.CopyTo(destination);
    }
}

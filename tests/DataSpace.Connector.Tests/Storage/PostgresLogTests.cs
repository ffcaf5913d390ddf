using DataSpace.Connector.Storage.Postgres;
using DataSpace.Crypto.Digests;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Merkle;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DataSpace.Connector.Tests.Storage;

/// <summary>
/// The shared log on PostgreSQL (issue 18, item 1; docs/audit-log.md, "Shared log on PostgreSQL"): several replicas
/// appending at once make one log (indexes contiguous and unique, one root per size, the same leaves, proofs and
/// exports from every replica); an integrator that dies holding the lock is replaced at once and loses only what it
/// had not acknowledged; damage to a stored leaf or node is refused at open, naming the entry.
/// </summary>
public sealed class PostgresLogTests : IAsyncLifetime
{
    private readonly PostgresTestDatabase _database = new();
    private readonly List<PostgresLog> _opened = [];

    private string ConnectionString => _database.Options.ConnectionString!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var log in _opened)
        {
            await log.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    private async Task<PostgresLog> OpenAsync(DigestAlgorithm digest = DigestAlgorithm.Sha256)
    {
        var log = await PostgresLog.OpenAsync(ConnectionString, new LogOptions { Directory = "unused", Digest = digest }, NullLogger.Instance);
        _opened.Add(log);
        return log;
    }

    private static LogEntry Entry(string resource) => new()
    {
        When = new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero),
        Actor = "0123456789abcdef0123456789abcdef",
        Action = "test.append",
        Resource = resource,
        Decision = "permit",
    };

    [Fact]
    public async Task ThreeReplicasAppendingAtOnce_MakeOneLog_ServedIdenticallyByEach()
    {
        var replicas = new[] { await OpenAsync(), await OpenAsync(), await OpenAsync() };

        var appends = Enumerable.Range(0, 300).Select(i => replicas[i % 3].AppendAsync(Entry($"item/{i}")).AsTask()).ToArray();
        var indexes = await Task.WhenAll(appends);

        Assert.Equal(Enumerable.Range(0, 300).Select(i => (long)i), indexes.Order());
        foreach (var replica in replicas)
        {
            Assert.Equal(300, (await WaitForSizeAsync(replica, 300)).Size);
        }

        var root = replicas[0].RootHash(300);
        var exports = replicas.Select(replica =>
        {
            using var export = new MemoryStream();
            replica.WriteLeaves(0, 300, export);
            return export.ToArray();
        }).ToArray();
        for (var r = 0; r < 3; r++)
        {
            Assert.Equal(root, replicas[r].RootHash(300));
            Assert.Equal(exports[0], exports[r]);
            Assert.Equal(replicas[0].RootHash(123), replicas[r].RootHash(123));
        }

        // Every entry is where its append said, under the prev chain, and provably in the tree of every replica.
        var hasher = MerkleHasher.For(DigestAlgorithm.Sha256);
        var previous = new byte[MerkleHasher.HashSize];
        for (var index = 0L; index < 300; index++)
        {
            var leaf = replicas[(int)(index % 3)].ReadLeaf(index);
            Assert.True(LogLeaf.TryParse(leaf, out var parts, out var error), error);
            Assert.Equal(index, parts.Index);
            Assert.Equal(previous, parts.Previous);
            var entry = LogEntry.Parse(leaf.AsSpan()[parts.Entry]);
            Assert.Equal(index, indexes[int.Parse(entry.Resource["item/".Length..], System.Globalization.CultureInfo.InvariantCulture)]);
            previous = hasher.HashLeaf(leaf);
            Assert.True(MerkleVerifier.VerifyInclusion(hasher, index, 300, previous, replicas[(int)((index + 1) % 3)].InclusionProof(index, 300), root));
        }

        Assert.True(MerkleVerifier.VerifyConsistency(hasher, 100, 300, replicas[2].RootHash(100), root, replicas[1].ConsistencyProof(100, 300)));
    }

    [Fact]
    public async Task IntegratorDiesHoldingTheLock_AnotherTakesOver_AndNothingUnacknowledgedIsInTheLog()
    {
        var replica = await OpenAsync();
        await replica.AppendAsync(Entry("before"));

        // A "replica" that took the lock and wrote a leaf, then died before committing: its session is terminated.
        await using var dying = new NpgsqlConnection(ConnectionString);
        await dying.OpenAsync();
        await using var transaction = await dying.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))", dying, transaction)
        {
            Parameters = { new() { Value = PostgresLog.LockKey } },
        })
        {
            await take.ExecuteNonQueryAsync();
        }

        await using (var write = new NpgsqlCommand("INSERT INTO log_leaves (seq, leaf) VALUES (1, 'x'::bytea)", dying, transaction))
        {
            await write.ExecuteNonQueryAsync();
        }

        var waiting = replica.AppendAsync(Entry("after")).AsTask();
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted); // the lock is held: the append waits for it

        await using (var killer = new NpgsqlConnection(ConnectionString))
        {
            await killer.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend($1)", killer) { Parameters = { new() { Value = dying.ProcessID } } };
            await kill.ExecuteNonQueryAsync();
        }

        Assert.Equal(1, await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        var reopened = await OpenAsync();
        Assert.Equal(2, reopened.Head.Size);
        Assert.Contains("\"after\"", System.Text.Encoding.UTF8.GetString(reopened.ReadLeaf(1)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendsQueuedWhileAReplicaWaitsForTheLock_CommitInTheTransactionThatWaited()
    {
        var replica = await OpenAsync();
        await replica.AppendAsync(Entry("before"));

        // Another replica holds the lock: this replica's next transaction, with "first" in it, waits for the lock.
        await using var other = new NpgsqlConnection(ConnectionString);
        await other.OpenAsync();
        await using var holding = await other.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))", other, holding)
        {
            Parameters = { new() { Value = PostgresLog.LockKey } },
        })
        {
            await take.ExecuteNonQueryAsync();
        }

        var first = replica.AppendAsync(Entry("first")).AsTask();
        await WaitForLockWaiterAsync();
        var later = new[] { replica.AppendAsync(Entry("second")).AsTask(), replica.AppendAsync(Entry("third")).AsTask() };
        Assert.False(first.IsCompleted);
        await holding.CommitAsync();

        var indexes = await Task.WhenAll([first, .. later]);
        Assert.Equal([1L, 2L, 3L], indexes);
        // One transaction wrote all three: the lock was taken once for them, not once for "first" and again for the rest.
        await using var writers = new NpgsqlCommand("SELECT count(DISTINCT xmin::text) FROM log_leaves WHERE seq >= 1", other);
        Assert.Equal(1L, await writers.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("UPDATE log_leaves SET leaf = overlay(leaf placing 'X'::bytea from 20 for 1) WHERE seq = 7", "entry 7")]
    [InlineData("UPDATE log_nodes SET hash = decode(repeat('00', 32), 'hex') WHERE level = 0 AND idx = 4", "entry 4")]
    [InlineData("UPDATE log_nodes SET hash = decode(repeat('11', 32), 'hex') WHERE level = 2 AND idx = 1", "level 2, index 1 (entries 4 to 7)")]
    [InlineData("DELETE FROM log_leaves WHERE seq = 3", "no entry 3")]
    public async Task DamagedRow_IsRefusedAtOpen_NamingIt(string damage, string named)
    {
        var replica = await OpenAsync();
        for (var i = 0; i < 12; i++)
        {
            await replica.AppendAsync(Entry($"item/{i}"));
        }

        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(damage, connection);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => OpenAsync());
        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatabaseThatLostAcknowledgedEntries_IsNeverWrittenOver()
    {
        var replica = await OpenAsync();
        for (var i = 0; i < 5; i++)
        {
            await replica.AppendAsync(Entry($"item/{i}"));
        }

        // The database restored from a backup older than what this replica acknowledged.
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("DELETE FROM log_leaves WHERE seq >= 3; DELETE FROM log_nodes WHERE idx >= 3 OR (level > 0 AND ((idx + 1) << level) > 3)", connection);
            await command.ExecuteNonQueryAsync();
        }

        var refused = await Assert.ThrowsAsync<LogUnavailableException>(() => replica.AppendAsync(Entry("after")).AsTask());

        Assert.True(refused.NotAppended, refused.Message);
        Assert.Contains("lost acknowledged entries", refused.InnerException!.Message, StringComparison.Ordinal);
        await using var count = new NpgsqlConnection(ConnectionString);
        await count.OpenAsync();
        await using var rows = new NpgsqlCommand("SELECT count(*) FROM log_leaves", count);
        Assert.Equal(3L, await rows.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AReplicaWhoseLastCheckpointTheSharedLogNoLongerHolds_RefusesToOpen()
    {
        using var key = DataSpace.Crypto.Signatures.SignatureSuites.Ed25519.GenerateKey();
        var directory = Directory.CreateTempSubdirectory("dsc-shared-log-").FullName;
        try
        {
            var options = new LogOptions { Directory = directory, CheckpointKey = key.PublicKey };
            var replica = await PostgresLog.OpenAsync(ConnectionString, options, NullLogger.Instance);
            _opened.Add(replica);
            for (var i = 0; i < 6; i++)
            {
                await replica.AppendAsync(Entry($"item/{i}"));
            }

            var origin = DataSpace.Crypto.Checkpoints.CheckpointNote.DefaultOrigin(key.PublicKey);
            var signed = DataSpace.Crypto.Checkpoints.CheckpointNote.Sign(new DataSpace.Crypto.Checkpoints.Checkpoint(origin, 6, replica.RootHash(6)), key);
            await File.WriteAllTextAsync(Path.Combine(directory, "checkpoint"), signed);

            // Reopening on the same log is fine; on a log that lost entries 4 and 5, refused.
            _opened.Add(await PostgresLog.OpenAsync(ConnectionString, options, NullLogger.Instance));
            await using (var connection = new NpgsqlConnection(ConnectionString))
            {
                await connection.OpenAsync();
                await using var cut = new NpgsqlCommand("DELETE FROM log_leaves WHERE seq >= 4; DELETE FROM log_nodes WHERE idx >= 4 OR (level > 0 AND ((idx + 1) << level) > 4)", connection);
                await cut.ExecuteNonQueryAsync();
            }

            var refused = await Assert.ThrowsAsync<InvalidDataException>(() => PostgresLog.OpenAsync(ConnectionString, options, NullLogger.Instance));
            Assert.Contains("holds 4 entries but this replica signed a checkpoint of 6", refused.Message, StringComparison.Ordinal);

            // A data directory that holds a file log is refused too: the shared log would start a second history.
            File.Delete(Path.Combine(directory, "checkpoint"));
            await File.WriteAllBytesAsync(Path.Combine(directory, "entries"), [1, 2, 3]);
            var second = await Assert.ThrowsAsync<InvalidDataException>(() => PostgresLog.OpenAsync(ConnectionString, options, NullLogger.Instance));
            Assert.Contains("holds a file log", second.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task ALogMadeWithOneDigest_IsRefusedWithAnother()
    {
        await OpenAsync(DigestAlgorithm.Sha256);

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => OpenAsync(DigestAlgorithm.Sm3));

        Assert.Contains("'sha256', not 'sm3'", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>Waits until a session waits for the integrator's lock of this test's schema.</summary>
    private async Task WaitForLockWaiterAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var waiting = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = $1::integer::oid AND objid = hashtext(current_schema())::oid",
            connection)
        {
            Parameters = { new() { Value = PostgresLog.LockKey } },
        };
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if ((long)(await waiting.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(25);
        }

        Assert.Fail("no transaction of the replica waited for the integrator's lock");
    }

    private static async Task<LogHead> WaitForSizeAsync(PostgresLog log, long size)
    {
        for (var attempt = 0; attempt < 100 && log.Head.Size < size; attempt++)
        {
            await Task.Delay(50);
        }

        return log.Head;
    }
}

using System.Buffers;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Merkle;
using Npgsql;
using NpgsqlTypes;

namespace DataSpace.Connector.Storage.Postgres;

/// <summary>The shared log's one loop per replica: commit the queued appends under the advisory lock, else follow the log.</summary>
internal sealed partial class PostgresLog
{
    /// <summary>
    /// The integrator's lock, scoped to the schema the log lives in (its search path), so connectors sharing one database
    /// in schemas of their own never wait for each other; held to the end of the transaction, released by PostgreSQL if
    /// the session dies.
    /// </summary>
    private const string LockSql = "SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))";

    private async Task LoopAsync()
    {
        var token = _closing.Token;
        var batch = new List<PendingAppend>();
        while (!token.IsCancellationRequested)
        {
            bool woken;
            try
            {
                woken = await _wake.WaitAsync(Fault is null ? RefreshInterval : _options.RetryInterval, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lock (_gate)
            {
                (batch, _queue) = (_queue, batch);
            }

            // Each append wakes the loop once, but one transaction commits many: a wake whose append an earlier
            // transaction already took finds the queue empty, and is no reason to look at the shared log.
            if (woken && batch.Count == 0)
            {
                continue;
            }

            await _state.WaitAsync(token).ConfigureAwait(false);
            try
            {
                if (batch.Count > 0)
                {
                    await CommitAsync(batch, token).ConfigureAwait(false);
                }
                else
                {
                    await RefreshAsync(token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(new LogUnavailableException("the log closed before this entry was written", notAppended: true));
                }

                return;
            }
            finally
            {
                _state.Release();
                batch.Clear();
            }
        }
    }

    /// <summary>
    /// One transaction under the advisory lock: catch up with what other replicas appended, add the batch's leaves and
    /// the nodes they complete, commit; only then is each append acknowledged with its index. On any failure the batch
    /// is failed, this replica's tree state goes back to what it was (the next catch-up reads whatever did commit), and
    /// the log refuses appends until a retry reaches the database again.
    /// </summary>
    private async Task CommitAsync(List<PendingAppend> batch, CancellationToken cancellationToken)
    {
        var range = _range.Clone();
        var last = _lastLeafHash;
        var committing = false;
        try
        {
            await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // One round trip: the lock, then every leaf hash from this replica's last one on (what the others appended).
            await using (var locked = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(LockSql) { Parameters = { new() { Value = LockKey } } },
                    new NpgsqlBatchCommand("SELECT idx, hash FROM log_nodes WHERE level = 0 AND idx >= $1 ORDER BY idx")
                    {
                        Parameters = { new() { Value = Math.Max(0, _range.Size - 1) } },
                    },
                },
            })
            {
                await using var reader = await locked.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                await ExtendAsync(reader, cancellationToken).ConfigureAwait(false);
            }

            // The appends queued while this replica waited for the lock (other replicas committing) join this transaction:
            // the lock is passed far less often than appends arrive, so each turn should carry all that waits.
            lock (_gate)
            {
                batch.AddRange(_queue);
                _queue.Clear();
            }

            var first = _range.Size;
            var seqs = new long[batch.Count];
            var leaves = new byte[batch.Count][];
            var nodes = new NodeBatch();
            var buffer = new ArrayBufferWriter<byte>(1024);
            var leafHash = new byte[MerkleHasher.HashSize];
            for (var i = 0; i < batch.Count; i++)
            {
                buffer.ResetWrittenCount();
                LogLeaf.Write(buffer, batch[i].Entry.Span, _range.Size, _lastLeafHash);
                leaves[i] = buffer.WrittenSpan.ToArray();
                seqs[i] = _range.Size;
                Hasher.HashLeaf(leaves[i], leafHash);
                _range.Append(leafHash, nodes);
                _lastLeafHash = (byte[])leafHash.Clone();
            }

            await using (var insert = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("INSERT INTO log_leaves (seq, leaf) SELECT * FROM unnest($1, $2)")
                    {
                        Parameters =
                        {
                            new() { Value = seqs, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                            new() { Value = leaves, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea },
                        },
                    },
                    new NpgsqlBatchCommand("INSERT INTO log_nodes (level, idx, hash) SELECT * FROM unnest($1, $2, $3)")
                    {
                        Parameters =
                        {
                            new() { Value = nodes.Levels.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint },
                            new() { Value = nodes.Indexes.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
                            new() { Value = nodes.Hashes.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea },
                        },
                    },
                },
            })
            {
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            committing = true;
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            Volatile.Write(ref _head, new LogHead(_range.Size, _range.GetRoot()));
            if (Volatile.Read(ref _fault) is not null)
            {
                Volatile.Write(ref _fault, null);
                Log.Resumed(_logger, _range.Size);
            }

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(first + i);
            }
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException or TimeoutException or OperationCanceledException)
        {
            _range = range;
            _lastLeafHash = last;
            Log.AppendFailed(_logger, batch.Count, e);
            Volatile.Write(ref _fault, new LogFault(e.Message, _range.Size, (Fault?.FailedRetries ?? 0) + 1));
            foreach (var pending in batch)
            {
                // A commit that failed on the way back may still have committed: say the entry may be in the log.
                pending.Completion.TrySetException(new LogUnavailableException(
                    committing ? "the shared log's commit did not answer: the entry may or may not be in the log" : "the shared log could not be written: the entry is not in it",
                    notAppended: !committing, e));
            }

            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }
        }
    }

    /// <summary>
    /// Reads the leaf hashes (level-0 nodes) from this replica's last one on, under the lock: the first must be the leaf
    /// hash this replica last knew (else the shared log lost acknowledged entries or is not the log this replica
    /// followed: refused, never written over); the rest, contiguous, extend its compact range.
    /// </summary>
    private async Task ExtendAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var expected = Math.Max(0, _range.Size - 1);
        var known = _range.Size > 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var (index, hash) = (reader.GetInt64(0), (byte[])reader.GetValue(1));
            if (index != expected)
            {
                throw new InvalidOperationException($"the shared log has no leaf hash for entry {expected}: it lost acknowledged entries");
            }

            if (known)
            {
                if (!hash.AsSpan().SequenceEqual(_lastLeafHash))
                {
                    throw new InvalidOperationException($"the shared log's entry {index} is not the one this replica acknowledged: refusing to write over another history");
                }

                known = false;
            }
            else
            {
                _range.Append(hash, null);
                _lastLeafHash = hash;
            }

            expected++;
        }

        if (known)
        {
            throw new InvalidOperationException($"the shared log holds fewer than the {_range.Size} entries this replica has seen: it lost acknowledged entries");
        }
    }

    /// <summary>Follows what other replicas appended; clears a fault once the database answers again.</summary>
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            CatchUp(connection, null, SharedSize(connection, null));
            if (Volatile.Read(ref _fault) is not null)
            {
                Volatile.Write(ref _fault, null);
                Log.Resumed(_logger, _range.Size);
            }
        }
        catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
        {
            // InvalidOperationException: the shared log lost entries this replica saw (CatchUp); appends are refused.
            Volatile.Write(ref _fault, new LogFault(e.Message, _range.Size, (Fault?.FailedRetries ?? 0) + 1));
        }
    }

    /// <summary>The shared log's size now (in <paramref name="transaction"/> when given: under the lock, the size to extend).</summary>
    private static long SharedSize(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        using var command = new NpgsqlCommand("SELECT coalesce(max(seq) + 1, 0) FROM log_leaves", connection, transaction);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>
    /// Extends this replica's compact range with the leaf hashes (level-0 nodes) other replicas wrote from its size up to
    /// <paramref name="size"/>, and the last leaf hash for the next <c>prev</c>. A shared log shorter than what this replica
    /// has seen means history was cut (a database restored from an older backup): refused, never written over.
    /// </summary>
    private void CatchUp(NpgsqlConnection connection, NpgsqlTransaction? transaction, long size)
    {
        if (size < _range.Size)
        {
            throw new InvalidOperationException($"the shared log holds {size} entries but this replica has seen {_range.Size}: the database lost acknowledged entries");
        }

        if (size == _range.Size)
        {
            return;
        }

        using var command = new NpgsqlCommand("SELECT idx, hash FROM log_nodes WHERE level = 0 AND idx >= $1 AND idx < $2 ORDER BY idx", connection, transaction)
        {
            Parameters = { new() { Value = _range.Size }, new() { Value = size } },
        };
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (reader.GetInt64(0) != _range.Size)
            {
                throw new InvalidOperationException($"the shared log has no leaf hash for entry {_range.Size}");
            }

            var hash = (byte[])reader.GetValue(1);
            _range.Append(hash, null);
            _lastLeafHash = hash;
        }

        if (_range.Size != size)
        {
            throw new InvalidOperationException($"the shared log has no leaf hash for entry {_range.Size}");
        }

        Volatile.Write(ref _head, new LogHead(_range.Size, _range.GetRoot()));
    }

    /// <summary>The nodes one batch completes, collected for one multi-row insert.</summary>
    private sealed class NodeBatch : INodeHashSink
    {
        public List<short> Levels { get; } = [];

        public List<long> Indexes { get; } = [];

        public List<byte[]> Hashes { get; } = [];

        public void Clear()
        {
            Levels.Clear();
            Indexes.Clear();
            Hashes.Clear();
        }

        public void WriteNode(int level, long index, ReadOnlySpan<byte> hash)
        {
            Levels.Add((short)level);
            Indexes.Add(index);
            Hashes.Add(hash.ToArray());
        }
    }
}

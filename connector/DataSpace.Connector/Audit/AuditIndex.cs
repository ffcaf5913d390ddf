using DataSpace.Connector.Storage;
using DataSpace.Crypto.Log;

namespace DataSpace.Connector.Audit;

/// <summary>
/// Keeps the store's audit index (docs/storage.md, <c>audit_index</c>, and the datasets each entry names in
/// <c>audit_index_datasets</c>) level with the log: reads the entries appended since the last indexed one and adds their
/// rows, in batches, one catch-up at a time. The index is derived data, so it
/// is written after the log, never in an append's path: an entry appended but not yet indexed is indexed by the next
/// catch-up (each search runs one first, and <see cref="AuditIndexService"/> every few seconds), and an index ahead of its
/// log (a log restored from an older backup) is trimmed to it.
/// </summary>
internal sealed class AuditIndex(ITransparencyLog log, IConnectorStore store)
{
    private const int Batch = 5_000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _logId;

    /// <summary>
    /// Indexes every acknowledged entry not yet indexed; returns the log's id in the index (the hex of the first 16 bytes of
    /// its first leaf's hash, so replicas with logs of their own never mix), or null while the log is empty.
    /// </summary>
    public async Task<string?> CatchUpAsync(CancellationToken cancellationToken)
    {
        var head = log.Head.Size;
        if (head == 0)
        {
            return null;
        }

        var logId = _logId ??= Convert.ToHexStringLower(log.RootHash(1).AsSpan(0, 16));
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (size, whenMax) = await store.GetAuditIndexTailAsync(logId, cancellationToken).ConfigureAwait(false);
            if (size > head)
            {
                await store.TrimAuditIndexAsync(logId, head, cancellationToken).ConfigureAwait(false);
                (size, whenMax) = await store.GetAuditIndexTailAsync(logId, cancellationToken).ConfigureAwait(false);
            }

            var rows = new List<AuditIndexRow>((int)Math.Min(Batch, head - size));
            for (var index = size; index < head; index++)
            {
                var leaf = log.ReadLeaf(index);
                if (!LogLeaf.TryParse(leaf, out var parts, out var error))
                {
                    throw new InvalidDataException($"log leaf {index} is malformed: {error}");
                }

                var entry = LogEntry.Parse(leaf.AsSpan()[parts.Entry]);
                var max = whenMax is { } previous && previous > entry.When ? previous : entry.When;
                rows.Add(new AuditIndexRow(index, entry.When, max, entry.Action, entry.Actor, entry.Resource, AuditDatasets.Of(entry)));
                whenMax = max;
                if (rows.Count == Batch || index == head - 1)
                {
                    await store.AddAuditIndexAsync(logId, rows, cancellationToken).ConfigureAwait(false);
                    rows.Clear();
                }
            }
        }
        catch (StoreConflictException)
        {
            // Another replica sharing the database indexed the same rows first: the next catch-up goes on from there.
        }
        finally
        {
            _gate.Release();
        }

        return logId;
    }
}

using DataSpace.Connector.Storage;
using DataSpace.Sandbox.Plans;
using DataSpace.Sandbox.Privacy;

namespace DataSpace.Connector.Plans;

/// <summary>
/// Query-set overlap control of exact plan releases (docs/analysis-plans.md, "Release"): a release is refused when one
/// of its groups' row sets differs from a group's released before over the same dataset content, by any operator
/// under any agreement, by at least one row and fewer rows than the larger of the two releases' minimum group sizes.
/// Row sets are kept as keyed sketches (<see cref="RowSetSketch"/>) of one fixed capacity, so that every two are
/// comparable, under the connector's secret key (made once in the store, <c>rowset-sketch-key</c>, shared by replicas).
/// </summary>
internal sealed class OverlapControl(IConnectorStore store)
{
    /// <summary>The name of the sketches' key among the connector's secrets.</summary>
    public const string KeyName = "rowset-sketch-key";

    private ulong? _key;

    /// <summary>The sketches' capacity: differences up to this many rows are decoded exactly.</summary>
    public const int Capacity = 99;

    /// <summary>The largest minimum group size overlap control can police; an exact release under a larger one is refused.</summary>
    public const int MaxMinGroupSize = Capacity + 1;

    /// <summary>A collector of one release's row sets, under this connector's key.</summary>
    public async Task<RowSetCollector> CollectorAsync(CancellationToken cancellationToken) =>
        new(Capacity, await KeyAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>Checks the release against the row sets released before and records its own; the conflict when refused.</summary>
    public async Task<RowSetConflict?> CheckAndRecordAsync(
        string datasetId, string datasetDigest, string jobId, long minGroupSize, RowSetCollector collector, PlanResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collector);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minGroupSize, MaxMinGroupSize);
        var key = await KeyAsync(cancellationToken).ConfigureAwait(false);
        return await store.TryRecordRowSetsAsync(new RowSetRelease
        {
            DatasetId = datasetId,
            DatasetDigest = datasetDigest,
            JobId = jobId,
            MinGroupSize = minGroupSize,
            MaxDifference = Capacity,
            Sets = collector.Released(result),
            Difference = (recorded, candidate) => Difference(recorded, candidate, key),
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The exact size of the symmetric difference, or null when it is larger than the sketches decode.</summary>
    private static int? Difference(byte[] recorded, byte[] candidate, ulong key)
    {
        var difference = RowSetSketch.Compare(RowSetSketch.FromBytes(recorded, key), RowSetSketch.FromBytes(candidate, key));
        return difference.Decoded ? difference.Size : null;
    }

    private async Task<ulong> KeyAsync(CancellationToken cancellationToken)
    {
        if (_key is { } known)
        {
            return known;
        }

        var secret = await store.GetOrCreateSecretAsync(KeyName, () => System.Security.Cryptography.RandomNumberGenerator.GetBytes(8), cancellationToken)
            .ConfigureAwait(false);
        _key = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(secret);
        return _key.Value;
    }
}

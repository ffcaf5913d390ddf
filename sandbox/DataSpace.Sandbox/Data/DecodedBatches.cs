using Apache.Arrow;

namespace DataSpace.Sandbox.Data;

/// <summary>
/// The batches of one decoded unit (a Parquet row group), built ahead by a decoder and handed out in order by
/// <see cref="TryTake"/>; each batch taken belongs to the taker. Dispose releases the batches not taken.
/// </summary>
internal sealed class DecodedBatches : IDisposable
{
    private readonly List<RecordBatch> _batches;
    private int _next;

    public DecodedBatches(List<RecordBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        _batches = batches;
    }

    /// <summary>Hands out the next batch, in order; false when all have been.</summary>
    public bool TryTake(out RecordBatch batch)
    {
        if (_next < _batches.Count)
        {
            batch = _batches[_next];
            _batches[_next++] = null!;
            return true;
        }

        batch = null!;
        return false;
    }

    public void Dispose()
    {
        for (; _next < _batches.Count; _next++)
        {
            BatchMemory.Release(_batches[_next]);
            _batches[_next] = null!;
        }
    }

    /// <summary>Disposes <paramref name="batches"/>; for a decoder failing half-way through building them.</summary>
    public static void Release(List<RecordBatch> batches) => new DecodedBatches(batches).Dispose();
}

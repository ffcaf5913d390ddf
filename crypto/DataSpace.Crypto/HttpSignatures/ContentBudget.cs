using System.Buffers;

namespace DataSpace.Crypto.HttpSignatures;

/// <summary>
/// The bytes a server may hold in request bodies at once, over all requests (<see cref="SignedContent"/> takes from it
/// segment by segment and gives back when disposed): however many verified parties send bodies at the same time, the
/// memory they cost is bounded by configuration, not by their number. The segments come from a pool of the budget's
/// own, which keeps at most the budget's worth of them: a flood of bodies neither allocates past it nor leaves garbage.
/// </summary>
public sealed class ContentBudget
{
    private long _available;

    public ContentBudget(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        Capacity = bytes;
        _available = bytes;
        Segments = ArrayPool<byte>.Create(SignedContent.SegmentBytes, (int)Math.Clamp(bytes / SignedContent.SegmentBytes, 1, 1 << 20));
    }

    /// <summary>Where <see cref="SignedContent"/> rents the segments it charges to this budget.</summary>
    internal ArrayPool<byte> Segments { get; }

    /// <summary>The budget's size in bytes.</summary>
    public long Capacity { get; }

    /// <summary>Bytes held by bodies now.</summary>
    public long InUse => Capacity - Interlocked.Read(ref _available);

    /// <summary>Takes <paramref name="bytes"/>; false (nothing taken) when fewer are left.</summary>
    public bool TryTake(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        var available = Interlocked.Read(ref _available);
        while (available >= bytes)
        {
            var seen = Interlocked.CompareExchange(ref _available, available - bytes, available);
            if (seen == available)
            {
                return true;
            }

            available = seen;
        }

        return false;
    }

    /// <summary>Gives back bytes taken.</summary>
    public void Return(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Interlocked.Add(ref _available, bytes);
    }
}

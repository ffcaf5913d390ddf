using System.Buffers;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Memory;

namespace DataSpace.Sandbox.Data;

/// <summary>
/// The memory of decoded batches' Arrow buffers, pooled: Arrow's default allocator takes native memory per buffer,
/// zero-fills it, adds GC memory pressure and frees it in a finalizer, which for a job streaming 100M rows was a tenth
/// of its CPU (page faults, zeroing and collections; docs/benchmarks.md, job-scan). Here a buffer's memory comes from a
/// pool of this class's own (its retention bounded, apart from <see cref="ArrayPool{T}.Shared"/>), and goes back when the
/// buffer is disposed (a reader of batches that are its own,
/// <see cref="IDataSource.BatchesAreOwned"/>, disposes each when done); a buffer never disposed is collected as any array.
/// <para>
/// Two ways in. The Parquet chunks' batches write their buffers straight into pooled memory (<see cref="Take"/>, with no
/// scratch copy and nothing to clear: every byte is written), and a reader done with a batch gives them back with
/// <see cref="Release"/>; a buffer read after that throws rather than showing what the memory holds next. As an Arrow
/// <see cref="MemoryAllocator"/> (for <c>ArrowBuffer.Builder&lt;T&gt;.Build(allocator)</c>, the other chunks) the memory
/// goes back when the buffer is disposed, and is not cleared except for its last <see cref="Padding"/> bytes: Build asks
/// for its length rounded up to 64 bytes and copies exactly its length, so the rest, always within the last 64 bytes, is
/// zero as with Arrow's own allocator (BatchMemoryTests pins that behaviour of Arrow).
/// </para>
/// </summary>
internal sealed class BatchMemory : MemoryAllocator
{
    /// <summary>The bytes at the end of every buffer that are cleared: Arrow rounds a built buffer's length up to 64.</summary>
    public const int Padding = 64;

    /// <summary>Buffers larger than this are not pooled (allocated and left to the collector).</summary>
    public const int MaxPooledBytes = 4 * 1024 * 1024;

    /// <summary>Buffers kept per size class: at most about 16 × 8 MiB in all, in practice a few MiB per running job.</summary>
    public const int BuffersPerSize = 16;

    private readonly ArrayPool<byte> _pool = ArrayPool<byte>.Create(MaxPooledBytes, BuffersPerSize);

    private BatchMemory()
    {
    }

    /// <summary>The one pool of the process.</summary>
    public static BatchMemory Shared { get; } = new();

    /// <summary>
    /// A buffer of exactly <paramref name="length"/> bytes of pooled memory for the caller to fill through
    /// <paramref name="span"/> (its content is unspecified until then), written straight into the batch rather than into
    /// scratch first. It goes back to the pool when the batch is given to <see cref="Release"/>; after that, reading it
    /// throws <see cref="ObjectDisposedException"/> rather than showing what the memory holds next.
    /// </summary>
    public static ArrowBuffer Take(int length, out Span<byte> span)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length == 0)
        {
            span = [];
            return ArrowBuffer.Empty;
        }

        var pooled = new Pooled(Shared._pool, length);
        span = pooled.GetSpan();
        return new ArrowBuffer(pooled.Memory);
    }

    /// <summary>Done with <paramref name="batch"/>: its buffers from <see cref="Take"/> go back to the pool, then it is disposed.</summary>
    public static void Release(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        for (var i = 0; i < batch.ColumnCount; i++)
        {
            foreach (var buffer in batch.Column(i).Data.Buffers)
            {
                if (MemoryMarshal.TryGetMemoryManager<byte, Pooled>(buffer.Memory, out var pooled))
                {
                    ((IDisposable)pooled).Dispose();
                }
            }
        }

        batch.Dispose();
    }

    protected override IMemoryOwner<byte> AllocateInternal(int length, out int bytesAllocated)
    {
        var array = _pool.Rent(length);
        array.AsSpan(Math.Max(0, length - Padding), Math.Min(length, Padding)).Clear();
        bytesAllocated = length;
        return new Owner(_pool, array, length);
    }

    /// <summary>Memory of <see cref="Take"/>: an array of the pool until disposed (once, from any thread), then nothing.</summary>
    private sealed class Pooled(ArrayPool<byte> pool, int length) : MemoryManager<byte>
    {
        private byte[]? _array = pool.Rent(length);

        public override Span<byte> GetSpan() => (_array ?? throw new ObjectDisposedException(nameof(BatchMemory))).AsSpan(0, length);

        /// <summary>Pins the array itself (its handle frees the pin); a batch is released only once nothing uses it, pinned or not.</summary>
        public override MemoryHandle Pin(int elementIndex = 0)
        {
            var array = _array ?? throw new ObjectDisposedException(nameof(BatchMemory));
            ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)elementIndex, (uint)length, nameof(elementIndex));
            return new Memory<byte>(array, elementIndex, length - elementIndex).Pin();
        }

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _array, null) is { } returned)
            {
                pool.Return(returned);
            }
        }
    }

    /// <summary>One buffer's memory; disposing it (once, from any thread) gives the array back to the pool.</summary>
    private sealed class Owner(ArrayPool<byte> pool, byte[] array, int length) : IMemoryOwner<byte>
    {
        private byte[]? _array = array;

        public Memory<byte> Memory => (_array ?? throw new ObjectDisposedException(nameof(BatchMemory))).AsMemory(0, length);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _array, null) is { } returned)
            {
                pool.Return(returned);
            }
        }
    }
}

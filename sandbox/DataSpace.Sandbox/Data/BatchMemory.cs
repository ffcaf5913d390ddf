using System.Buffers;
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
/// The memory is not cleared, except for its last <see cref="Padding"/> bytes: the one use made of it,
/// <c>ArrowBuffer.Builder&lt;T&gt;.Build(allocator)</c>, asks for its length rounded up to 64 bytes and copies exactly
/// its length, so the rest, always within the last 64 bytes, is zero as with Arrow's own allocator
/// (BatchMemoryTests pins that behaviour of Arrow).
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

    protected override IMemoryOwner<byte> AllocateInternal(int length, out int bytesAllocated)
    {
        var array = _pool.Rent(length);
        array.AsSpan(Math.Max(0, length - Padding), Math.Min(length, Padding)).Clear();
        bytesAllocated = length;
        return new Owner(_pool, array, length);
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

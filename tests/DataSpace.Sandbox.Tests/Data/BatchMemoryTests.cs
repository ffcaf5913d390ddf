using Apache.Arrow;
using DataSpace.Sandbox.Data;
using Parquet.Schema;

namespace DataSpace.Sandbox.Tests.Data;

/// <summary>
/// The pooled memory of decoded batches (<see cref="BatchMemory"/>): its memory is not cleared except the last 64 bytes,
/// which is only safe while Arrow's builders copy their whole length into a buffer of that length rounded up to 64; these
/// tests pin that behaviour of Arrow, and that a buffer goes back to the pool once, whoever disposes it.
/// </summary>
public sealed class BatchMemoryTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(1000)]
    [InlineData(65_536)]
    public void Build_AsksForItsLengthRoundedUpTo64_AndEveryByteBeyondItsValuesIsZero(int values)
    {
        // Dirty the pool first: buffers of every size class used here, filled with a mark, then given back.
        for (var size = 64; size <= 1 << 20; size *= 2)
        {
            var owner = BatchMemory.Shared.Allocate(size);
            owner.Memory.Span.Fill(0xAB);
            owner.Dispose();
        }

        var builder = new ArrowBuffer.Builder<int>(0);
        for (var i = 0; i < values; i++)
        {
            builder.Append(i + 1);
        }

        using var buffer = builder.Build(BatchMemory.Shared);

        Assert.Equal((values * 4 + 63) / 64 * 64, buffer.Length);
        Assert.Equal(Enumerable.Range(1, values), buffer.Span.CastTo<int>()[..values].ToArray());
        Assert.All(buffer.Span[(values * 4)..].ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Dispose_Twice_GivesTheArrayBackOnce_AndTheMemoryIsGoneAfter()
    {
        var owner = BatchMemory.Shared.Allocate(4096);
        owner.Dispose();
        owner.Dispose();

        Assert.Throws<ObjectDisposedException>(() => owner.Memory);

        // Given back once: two allocations now never share an array.
        using var first = BatchMemory.Shared.Allocate(4096);
        using var second = BatchMemory.Shared.Allocate(4096);
        first.Memory.Span.Fill(1);
        second.Memory.Span.Fill(2);
        Assert.All(first.Memory.Span.ToArray(), b => Assert.Equal(1, b));
    }

    [Fact]
    public async Task ParquetBatches_TheirBuffersArePooled_AndAReleasedBatchThrowsInsteadOfShowingReusedMemory()
    {
        using var dir = new TempDirectory();
        var path = dir.File("numbers.parquet");
        var (n, s) = (new DataField<int>("n"), new DataField<string>("s"));
        await ParquetFiles.WriteAsync(path, new ParquetSchema(n, s), 1, async (writer, _) =>
        {
            await writer.WriteAsync<int>(n, Enumerable.Range(0, 3000).ToArray());
            await writer.WriteAsync(s, Enumerable.Range(0, 3000).Select(i => "v" + i).ToArray());
        });
        using var source = DataSources.Open(path);
        var batches = source.ReadBatches(["n", "s"], 1000).ToList();
        var first = batches[0];
        var values = (Int32Array)first.Column(0);
        Assert.Equal(999, values.GetValue(999));

        BatchMemory.Release(first);

        // The next batches, built before the release, are intact; the released one no longer reads at all.
        Assert.Equal(1000, ((Int32Array)batches[1].Column(0)).GetValue(0));
        Assert.Equal("v2999", ((StringArray)batches[2].Column(1)).GetString(999));
        Assert.Throws<ObjectDisposedException>(() => values.GetValue(0));
        Assert.Throws<ObjectDisposedException>(() => ((StringArray)first.Column(1)).GetString(0));
        batches.Skip(1).ToList().ForEach(BatchMemory.Release);
    }

    [Fact]
    public void Take_ZeroBytes_IsTheEmptyBuffer_AndNegativeIsRefused()
    {
        Assert.Equal(0, BatchMemory.Take(0, out var span).Length);
        Assert.True(span.IsEmpty);
        Assert.Throws<ArgumentOutOfRangeException>(() => BatchMemory.Take(-1, out _));
    }

    [Fact]
    public async Task ParquetBatches_AreOwned_AndDisposingOneLeavesTheNextIntact()
    {
        using var dir = new TempDirectory();
        var path = dir.File("numbers.parquet");
        var (n, s) = (new DataField<int>("n"), new DataField<string>("s"));
        await ParquetFiles.WriteAsync(path, new ParquetSchema(n, s), 2, async (writer, group) =>
        {
            var numbers = Enumerable.Range(group * 5000, 5000).ToArray();
            await writer.WriteAsync<int>(n, numbers);
            await writer.WriteAsync(s, numbers.Select(i => "v" + i).ToArray());
        });
        using var source = DataSources.Open(path);
        Assert.True(source.BatchesAreOwned);

        var seen = 0;
        foreach (var batch in source.ReadBatches(["n", "s"], 700))
        {
            var numbers = (Int32Array)batch.Column(0);
            var strings = (StringArray)batch.Column(1);
            for (var i = 0; i < batch.Length; i++)
            {
                Assert.Equal(seen + i, numbers.GetValue(i));
                Assert.Equal("v" + (seen + i), strings.GetString(i));
            }

            seen += batch.Length;
            batch.Dispose();
        }

        Assert.Equal(10_000, seen);
    }
}

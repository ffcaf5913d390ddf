using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Tests.Data;

/// <summary>Allocation measurements: run alone (<see cref="NonParallelCollection"/>), so that other tests' allocations do not count.</summary>
[Collection(NonParallelCollection.Name)]
public sealed class ParquetStreamingTests : IDisposable
{
    private const int RowGroupSize = 20_000;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// The first batch of a 60-row-group file costs about what the first batch of a 2-row-group file costs: reading one
    /// row group of 20,000 nullable int64 needs well under 2 MB, reading the whole file would need over 20 MB.
    /// Allocations are counted on all threads, since Parquet.Net may continue on the thread pool.
    /// </summary>
    [Fact]
    public async Task ReadBatches_ManyRowGroups_HoldsOneRowGroupAtATime()
    {
        var small = _dir.File("small.parquet");
        var large = _dir.File("large.parquet");
        await ParquetFiles.WriteSequenceAsync(small, Enumerable.Repeat(RowGroupSize, 2).ToArray());
        await ParquetFiles.WriteSequenceAsync(large, Enumerable.Repeat(RowGroupSize, 60).ToArray());
        AllocatedForFirstBatch(small); // warm up code paths and pools

        var smallBytes = AllocatedForFirstBatch(small);
        var largeBytes = AllocatedForFirstBatch(large);

        Assert.True(
            largeBytes < smallBytes + (4 << 20),
            $"first batch of 60 row groups allocated {largeBytes:N0} bytes, of 2 row groups {smallBytes:N0}");
    }

    [Fact]
    public async Task ReadBatches_ManyRowGroups_YieldsEveryRowOnce()
    {
        var path = _dir.File("large.parquet");
        await ParquetFiles.WriteSequenceAsync(path, Enumerable.Repeat(RowGroupSize, 10).ToArray());

        using var source = DataSources.Open(path);
        long rows = 0;
        long sum = 0;
        var batches = 0;
        foreach (var batch in source.ReadBatches(["n"], maxRows: 6_000))
        {
            Assert.InRange(batch.Length, 1, 6_000);
            var values = ((Apache.Arrow.Int64Array)batch.Column(0)).Values;
            foreach (var value in values)
            {
                Assert.Equal(rows, value);
                sum += value;
                rows++;
            }

            batches++;
        }

        const long total = 10L * RowGroupSize;
        Assert.Equal(total, rows);
        Assert.Equal(total * (total - 1) / 2, sum);
        Assert.Equal(10 * 4, batches); // 20,000 = 6,000 + 6,000 + 6,000 + 2,000 per row group
    }

    private static long AllocatedForFirstBatch(string path)
    {
        using var source = DataSources.Open(path);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        using var batches = source.ReadBatches(["n", "text"], maxRows: 1_000).GetEnumerator();
        Assert.True(batches.MoveNext());
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }
}

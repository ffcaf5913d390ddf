using Apache.Arrow;
using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Tests.Data;

public sealed class PrefetchTests
{
    private static RecordBatch Batch(int value) =>
        new RecordBatch.Builder().Append("n", false, new Int32Array.Builder().Append(value).Build()).Build();

    private sealed class Source(int count, Exception? failAt = null) : IEnumerable<RecordBatch>
    {
        private int _produced;

        public int Produced => Volatile.Read(ref _produced);

        public bool Disposed { get; private set; }

        public IEnumerator<RecordBatch> GetEnumerator()
        {
            try
            {
                for (var i = 0; i < count; i++)
                {
                    Interlocked.Increment(ref _produced);
                    yield return Batch(i);
                }

                if (failAt is not null)
                {
                    throw failAt;
                }
            }
            finally
            {
                Disposed = true;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static int Value(RecordBatch batch) => ((Int32Array)batch.Column(0)).GetValue(0)!.Value;

    [Fact]
    public void Batches_arrive_in_order()
    {
        Assert.Equal(Enumerable.Range(0, 50), Prefetch.Ahead(new Source(50), 2, default).Select(Value));
    }

    [Fact]
    public void A_source_error_surfaces_unchanged_after_the_batches_before_it()
    {
        var seen = new List<int>();
        var e = Assert.Throws<DataSourceException>(() =>
        {
            foreach (var batch in Prefetch.Ahead(new Source(3, new DataSourceException("x.parquet: corrupt")), 1, default))
            {
                seen.Add(Value(batch));
            }
        });
        Assert.Equal("x.parquet: corrupt", e.Message);
        Assert.Equal([0, 1, 2], seen);
    }

    [Fact]
    public void Reading_ahead_is_bounded_and_stops_when_the_reader_does()
    {
        var source = new Source(1_000);
        using (var batches = Prefetch.Ahead(source, 2, default).GetEnumerator())
        {
            Assert.True(batches.MoveNext());
            Thread.Sleep(200);

            // One handed out, two waiting, one held by the blocked writer.
            Assert.InRange(source.Produced, 1, 4);
        }

        Assert.True(source.Disposed);
        Assert.InRange(source.Produced, 1, 4);
    }

    [Fact]
    public void Cancellation_stops_the_reading()
    {
        using var cancel = new CancellationTokenSource();
        var batches = Prefetch.Ahead(new Source(1_000), 1, cancel.Token).GetEnumerator();
        Assert.True(batches.MoveNext());
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            while (batches.MoveNext())
            {
            }
        });
        batches.Dispose();
    }
}

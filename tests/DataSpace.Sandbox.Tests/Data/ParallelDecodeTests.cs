using Apache.Arrow;
using DataSpace.Sandbox.Data;
using Parquet.Schema;

namespace DataSpace.Sandbox.Tests.Data;

/// <summary>
/// Row groups (of one file, or of all the files of a folder) decoded ahead on several threads come out exactly as a
/// sequential read gives them, in order; stopping early leaves no decoder running and no decoded unit undisposed.
/// </summary>
public sealed class ParallelDecodeTests : IDisposable
{
    // Uneven sizes, so that small row groups decoded later finish before large earlier ones.
    private static readonly int[] GroupSizes = [4000, 3, 2500, 1, 1700, 60, 3300, 2];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Row group sizes given; <c>id</c> required int64, <c>income</c> optional double, <c>name</c> optional string.</summary>
    private static Task WriteAsync(string path, long first, int[] sizes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var id = new DataField<long>("id");
        var income = new DataField<double?>("income");
        var name = new DataField<string>("name");
        var next = first;
        return ParquetFiles.WriteAsync(path, new ParquetSchema(id, income, name), sizes.Length, async (rowGroup, group) =>
        {
            var ids = Enumerable.Range(0, sizes[group]).Select(i => next + i).ToArray();
            next += sizes[group];
            await rowGroup.WriteAsync<long>(id, ids);
            await rowGroup.WriteAsync<double>(income, ids.Select(v => v % 7 == 0 ? null : (double?)(v * 1.5)).ToArray());
            await rowGroup.WriteAsync(name, ids.Select(v => v % 11 == 0 ? null : $"n{v}").ToArray()!);
        });
    }

    private static List<object?[]> Rows(IEnumerable<RecordBatch> batches)
    {
        var rows = new List<object?[]>();
        foreach (var batch in batches)
        {
            for (var r = 0; r < batch.Length; r++)
            {
                rows.Add([.. Enumerable.Range(0, batch.ColumnCount).Select(c => Batches.Value(batch.Column(c), r))]);
            }

            batch.Dispose();
        }

        return rows;
    }

    private static object?[] Expected(long id, params object?[] more) =>
        [id, id % 7 == 0 ? null : id * 1.5, id % 11 == 0 ? null : $"n{id}", .. more];

    [Fact]
    public async Task Parquet_ManyRowGroups_ParallelGivesTheSequentialRowsInOrder()
    {
        var path = _dir.File("groups.parquet");
        await WriteAsync(path, 0, GroupSizes);
        string[] columns = ["id", "income", "name"];

        using var source = ParquetDataSource.Open(path);
        source.DecodeThreads = 1;
        var sequential = Rows(source.ReadBatches(columns, 1000));
        source.DecodeThreads = 4;
        var parallel = Rows(source.ReadBatches(columns, 1000));

        var expected = Enumerable.Range(0, GroupSizes.Sum()).Select(i => Expected(i)).ToList();
        Assert.Equal(expected, sequential);
        Assert.Equal(expected, parallel);
    }

    [Fact]
    public async Task Folder_ManyFilesAndRowGroups_ParallelGivesTheSequentialRowsInLayoutOrder()
    {
        var folder = Path.Combine(_dir.Path, "tax");
        await WriteAsync(Path.Combine(folder, "region=b", "part-0.parquet"), 100_000, GroupSizes[..3]);
        await WriteAsync(Path.Combine(folder, "region=a", "part-1.parquet"), 200_000, [7, 2000]);
        await WriteAsync(Path.Combine(folder, "region=a", "part-0.parquet"), 0, GroupSizes);
        await WriteAsync(Path.Combine(folder, "region=c", "part-0.parquet"), 300_000, [1, 1, 900]);
        string[] columns = ["id", "income", "name", "region"];

        using var source = (PartitionedDataSource)DataSources.OpenParquetFolder(folder);
        source.DecodeThreads = 1;
        var sequential = Rows(source.ReadBatches(columns, 777));
        source.DecodeThreads = 4;
        var parallel = Rows(source.ReadBatches(columns, 777));

        IEnumerable<object?[]> Part(long first, int count, string region) =>
            Enumerable.Range(0, count).Select(i => Expected(first + i, region));
        var expected = Part(0, GroupSizes.Sum(), "a").Concat(Part(200_000, 2007, "a"))
            .Concat(Part(100_000, GroupSizes[..3].Sum(), "b")).Concat(Part(300_000, 902, "c")).ToList();
        Assert.Equal(expected, sequential);
        Assert.Equal(expected, parallel);
    }

    [Fact]
    public async Task Folder_DisposedAfterTheFirstBatch_StopsAndReadsAgain()
    {
        var folder = Path.Combine(_dir.Path, "tax");
        await WriteAsync(Path.Combine(folder, "region=a", "part-0.parquet"), 0, GroupSizes);
        await WriteAsync(Path.Combine(folder, "region=b", "part-0.parquet"), 100_000, GroupSizes);
        using var source = (PartitionedDataSource)DataSources.OpenParquetFolder(folder);
        source.DecodeThreads = 4;

        using (var batches = source.ReadBatches(["id", "region"], 100).GetEnumerator())
        {
            Assert.True(batches.MoveNext());
            Assert.Equal(100, batches.Current.Length);
        }

        var again = Rows(source.ReadBatches(["id"], 5000));
        Assert.Equal(2 * GroupSizes.Sum(), again.Count);
        Assert.Equal(100_000L, again[GroupSizes.Sum()][0]);
    }

    [Fact]
    public async Task Parquet_CancelledMidRead_ThrowsCancelledAndReadsAgain()
    {
        var path = _dir.File("groups.parquet");
        await WriteAsync(path, 0, GroupSizes);
        using var source = ParquetDataSource.Open(path);
        source.DecodeThreads = 4;
        using var cancel = new CancellationTokenSource();

        var read = 0;
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var batch in source.ReadBatches(["id", "name"], 500, cancel.Token))
            {
                batch.Dispose();
                if (++read == 2)
                {
                    cancel.Cancel();
                }
            }
        });

        Assert.Equal(2, read);
        Assert.Equal(GroupSizes.Sum(), Rows(source.ReadBatches(["id"], 5000)).Count);
    }

    [Fact]
    public async Task Parquet_ShortLongAndNonAsciiStrings_ReadBackUnchanged()
    {
        var path = _dir.File("strings.parquet");
        string?[] values = ["", "ä€😀", null, new string('x', 256), "ü" + new string('y', 300), "\u00e9t\u00e9"];
        var text = new DataField<string>("text");
        await ParquetFiles.WriteAsync(path, new ParquetSchema(text), 2, (rowGroup, group) =>
            rowGroup.WriteAsync(text, (group == 0 ? values[..3] : values[3..])!));

        using var source = ParquetDataSource.Open(path);
        Assert.Equal(values, Batches.Column(Batches.ReadAll(source, ["text"], maxRows: 2), 0));
    }

    /// <summary>A decoded unit that counts how many exist undisposed, and the most that ever did.</summary>
    private sealed class Unit(int index, Counter counter) : IDisposable
    {
        public int Index { get; } = index;

        public void Dispose() => counter.Release();
    }

    private sealed class Counter
    {
        private int _live;
        private int _most;
        private int _made;

        public int Live => Volatile.Read(ref _live);

        public int Most => Volatile.Read(ref _most);

        public int Made => Volatile.Read(ref _made);

        public Unit Make(int index)
        {
            Interlocked.Increment(ref _made);
            var live = Interlocked.Increment(ref _live);
            int most;
            while (live > (most = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, live, most) != most)
            {
            }

            return new Unit(index, this);
        }

        public void Release() => Interlocked.Decrement(ref _live);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void OrderedDecode_AllUnits_InOrderAndNeverMoreThanTheDegreeAlive(int degree)
    {
        var counter = new Counter();
        var order = new List<int>();
        foreach (var unit in OrderedDecode.InOrder(40, (i, _) => counter.Make(i), degree, CancellationToken.None))
        {
            order.Add(unit.Index);
            unit.Dispose();
        }

        Assert.Equal(Enumerable.Range(0, 40), order);
        Assert.InRange(counter.Most, 1, degree);
        Assert.Equal(0, counter.Live);
    }

    [Fact]
    public void OrderedDecode_StoppedEarly_DisposesEveryUnitDecodedAhead()
    {
        var counter = new Counter();
        using (var units = OrderedDecode.InOrder(40, (i, _) => counter.Make(i), 6, CancellationToken.None).GetEnumerator())
        {
            Assert.True(units.MoveNext());
            units.Current.Dispose();
            Assert.True(units.MoveNext());
            units.Current.Dispose();
        }

        // Disposing the enumerator waited for the decoders: every unit made is disposed, none is made afterwards.
        var made = counter.Made;
        Assert.InRange(made, 2, 7);
        Assert.Equal(0, counter.Live);
        Assert.Equal(made, counter.Made);
    }

    [Fact]
    public void OrderedDecode_FailingUnit_SurfacesAfterTheUnitsBeforeIt()
    {
        var counter = new Counter();
        var order = new List<int>();
        var error = Assert.Throws<DataSourceException>(() =>
        {
            foreach (var unit in OrderedDecode.InOrder(
                20, (i, _) => i == 3 ? throw new DataSourceException("unit 3 is bad") : counter.Make(i), 4, CancellationToken.None))
            {
                order.Add(unit.Index);
                unit.Dispose();
            }
        });

        Assert.Equal("unit 3 is bad", error.Message);
        Assert.Equal([0, 1, 2], order);
        Assert.Equal(0, counter.Live);
    }
}

using DataSpace.Sandbox.Data;
using Parquet.Schema;

namespace DataSpace.Sandbox.Tests.Data;

/// <summary>
/// Int32, int64 and double columns are built into their arrays in bulk (a required one copied at once, an optional one
/// with its validity bits): every batch must hold exactly Parquet.Net's values and nulls, in batches that cut row groups
/// and bytes of validity anywhere, and every array must start at offset 0.
/// </summary>
public sealed class ParquetNumberColumnTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1, 7)]
    [InlineData(2, 13)]
    [InlineData(3, 1024)]
    public async Task ReadBatches_RandomNumbers_SameAsParquetNet(int seed, int maxRows)
    {
        var random = new Random(seed);
        var path = _dir.File("numbers.parquet");
        DataField[] fields =
        [
            new DataField<int>("i32"), new DataField<int?>("i32n"), new DataField<long>("i64"), new DataField<long?>("i64n"),
            new DataField<double>("f64"), new DataField<double?>("f64n"),
        ];
        var expected = fields.Select(_ => new List<object?>()).ToArray();
        await ParquetFiles.WriteAsync(path, new ParquetSchema(fields), random.Next(2, 5), async (rowGroup, _) =>
        {
            var rows = random.Next(1, 300);
            int?[] ints = [.. Enumerable.Range(0, rows).Select(_ => random.Next(4) == 0 ? (int?)null : random.Next(int.MinValue, int.MaxValue))];
            long?[] longs = [.. Enumerable.Range(0, rows).Select(_ => random.Next(4) == 0 ? (long?)null : random.NextInt64(long.MinValue, long.MaxValue))];
            double?[] doubles = [.. Enumerable.Range(0, rows).Select(_ => random.Next(4) == 0 ? (double?)null : (random.NextDouble() - 0.5) * 1e12)];
            await rowGroup.WriteAsync<int>(fields[0], ints.Select(v => v ?? 0).ToArray());
            await rowGroup.WriteAsync<int>(fields[1], ints);
            await rowGroup.WriteAsync<long>(fields[2], longs.Select(v => v ?? 0).ToArray());
            await rowGroup.WriteAsync<long>(fields[3], longs);
            await rowGroup.WriteAsync<double>(fields[4], doubles.Select(v => v ?? 0).ToArray());
            await rowGroup.WriteAsync<double>(fields[5], doubles);
            expected[0].AddRange(ints.Select(v => (object?)(v ?? 0)));
            expected[1].AddRange(ints.Select(v => (object?)v));
            expected[2].AddRange(longs.Select(v => (object?)(v ?? 0)));
            expected[3].AddRange(longs.Select(v => (object?)v));
            expected[4].AddRange(doubles.Select(v => (object?)(v ?? 0)));
            expected[5].AddRange(doubles.Select(v => (object?)v));
        });

        using var source = DataSources.Open(path);
        var batches = Batches.ReadAll(source, [.. fields.Select(f => f.Name)], maxRows);

        Assert.All(batches, batch => Assert.All(Enumerable.Range(0, batch.ColumnCount), c => Assert.Equal(0, batch.Column(c).Data.Offset)));
        Assert.All(batches, batch => Assert.Equal(0, batch.Column(0).NullCount));
        for (var c = 0; c < fields.Length; c++)
        {
            Assert.Equal(expected[c], Batches.Column(batches, c));
            Assert.Equal(expected[c].Count(v => v is null), batches.Sum(b => b.Column(c).NullCount));
        }
    }
}

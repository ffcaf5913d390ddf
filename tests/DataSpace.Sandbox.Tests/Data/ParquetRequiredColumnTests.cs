using System.Buffers;
using Apache.Arrow;
using DataSpace.Sandbox.Data;
using Parquet.Schema;

namespace DataSpace.Sandbox.Tests.Data;

/// <summary>
/// Required (non-nullable) Parquet number columns read whole, whatever the shared array pools held before: every value
/// of every row, never a null. Parquet.Net 6.1.0's <c>ReadAsync&lt;T&gt;(DataField, Memory&lt;T?&gt;)</c> rents its
/// definition levels from <see cref="ArrayPool{T}.Shared"/> without clearing them and, for a required column, never
/// writes them, yet reads a level below zero as a null: a pooled <c>int[]</c> last used with negative numbers (a plan's
/// row-to-group map of -1s, say) nulled those rows. A plan job over a folder of such files counted 115 of each file's 200
/// rows in about one run in three, depending on which thread's pool the read drew from.
/// </summary>
public sealed class ParquetRequiredColumnTests : IDisposable
{
    private const int Rows = 200;

    private readonly string _directory = Directory.CreateTempSubdirectory("dsc-parquet-required-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task RequiredNumberColumns_ReadAfterThePooledIntArraysHeldNegativeNumbers_HaveEveryValueAndNoNull()
    {
        var path = Path.Combine(_directory, "part-0.parquet");
        var id = new DataField<long>("id");
        var income = new DataField<double>("income");
        var bonus = new DataField<double?>("bonus");
        await ParquetFiles.WriteAsync(path, new ParquetSchema(id, income, bonus), 1, async (rowGroup, _) =>
        {
            await rowGroup.WriteAsync<long>(id, Enumerable.Range(0, Rows).Select(i => (long)i).ToArray());
            await rowGroup.WriteAsync<double>(income, Enumerable.Range(0, Rows).Select(i => i + 0.5).ToArray());
            await rowGroup.WriteAsync<double>(bonus, Enumerable.Range(0, Rows).Select(i => i % 4 == 3 ? null : (double?)i).ToArray());
        });

        var (ids, incomes, bonuses) = ReadAfterDirtyingThePool(path);

        Assert.Equal(Enumerable.Range(0, Rows).Select(i => (long?)i), ids);
        Assert.Equal(Enumerable.Range(0, Rows).Select(i => (double?)(i + 0.5)), incomes);
        Assert.Equal(Enumerable.Range(0, Rows).Select(i => i % 4 == 3 ? null : (double?)i), bonuses);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UInt64Column_AValueAboveInt64Max_IsRefusedNamingItsRow(bool optional)
    {
        var path = Path.Combine(_directory, "big.parquet");
        var big = new DataField("big", typeof(ulong), isNullable: optional);
        await ParquetFiles.WriteAsync(path, new ParquetSchema(big), 2, async (rowGroup, group) =>
        {
            var values = new ulong?[] { 1, group == 1 ? ulong.MaxValue : 2, 3 };
            if (optional)
            {
                await rowGroup.WriteAsync<ulong>(big, values);
            }
            else
            {
                await rowGroup.WriteAsync<ulong>(big, values.Select(v => v!.Value).ToArray());
            }
        });
        using var source = DataSources.Open(path);

        var error = Assert.Throws<DataSourceException>(() => source.ReadBatches(["big"], 10).ToList());

        Assert.Equal($"{path}: column 'big', row 5: uint64 value does not fit in int64", error.Message);
    }

    /// <summary>
    /// Leaves an <c>int[]</c> of -1s as this thread's cached array of the row group's size class, then reads every
    /// column on this same thread (no await in between: the shared pool caches one array per size class per thread,
    /// and the reader rents its levels before its first await), so that the reader's rent gets exactly that array.
    /// </summary>
    private static (List<long?> Ids, List<double?> Incomes, List<double?> Bonuses) ReadAfterDirtyingThePool(string path)
    {
        using var source = DataSources.Open(path);
        var stale = ArrayPool<int>.Shared.Rent(Rows);
        System.Array.Fill(stale, -1);
        ArrayPool<int>.Shared.Return(stale);

        var (ids, incomes, bonuses) = (new List<long?>(), new List<double?>(), new List<double?>());
        foreach (var batch in source.ReadBatches(["id", "income", "bonus"], Rows))
        {
            ids.AddRange((Int64Array)batch.Column(0));
            incomes.AddRange((DoubleArray)batch.Column(1));
            bonuses.AddRange((DoubleArray)batch.Column(2));
        }

        return (ids, incomes, bonuses);
    }
}

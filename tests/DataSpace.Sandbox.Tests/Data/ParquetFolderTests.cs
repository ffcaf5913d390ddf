using DataSpace.Sandbox.Data;
using Parquet.Schema;

namespace DataSpace.Sandbox.Tests.Data;

/// <summary>
/// A folder of Parquet files read as one dataset (docs/sandbox-data.md, "Partitioned Parquet folders"): listed in
/// UTF-8 order of the relative paths, Hive-style <c>key=value</c> directories as string columns, one schema for all.
/// </summary>
public sealed class ParquetFolderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Writes <c>id</c> (int64, required) and <c>income</c> (double, optional) for ids first, first + 1, ...</summary>
    internal static Task WriteRowsAsync(string path, long first, int count, bool nullableId = false)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        DataField id = nullableId ? new DataField<long?>("id") : new DataField<long>("id");
        var income = new DataField<double?>("income");
        return ParquetFiles.WriteAsync(path, new ParquetSchema(id, income), 1, async (rowGroup, _) =>
        {
            var ids = Enumerable.Range(0, count).Select(i => first + i).ToArray();
            if (nullableId)
            {
                await rowGroup.WriteAsync<long>(id, ids.Select(v => (long?)v).ToArray());
            }
            else
            {
                await rowGroup.WriteAsync<long>(id, ids);
            }

            await rowGroup.WriteAsync<double>(income, ids.Select(v => v % 7 == 0 ? null : (double?)(v * 1.5)).ToArray());
        });
    }

    private async Task<string> ThreePartitionsAsync()
    {
        var folder = Path.Combine(_dir.Path, "tax");
        await WriteRowsAsync(Path.Combine(folder, "region=13", "part-0.parquet"), 200, 3);
        await WriteRowsAsync(Path.Combine(folder, "region=11", "part-1.parquet"), 100, 4);
        await WriteRowsAsync(Path.Combine(folder, "region=11", "part-0.parquet"), 0, 2);
        await WriteRowsAsync(Path.Combine(folder, "region=12", "part-0.parquet"), 50, 5);
        return folder;
    }

    [Fact]
    public async Task OpenParquetFolder_HiveFolder_ReadsAllFilesInPathOrderWithThePartitionColumn()
    {
        var folder = await ThreePartitionsAsync();

        using var source = DataSources.OpenParquetFolder(folder);
        var batches = Batches.ReadAll(source, ["region", "id", "income", "id"], maxRows: 3);

        Assert.Equal(
            [new ColumnSchema("id", ColumnType.Int64, false), new ColumnSchema("income", ColumnType.Float64, true), new ColumnSchema("region", ColumnType.String, false)],
            source.Schema.Columns);
        Assert.Equal([2, 3, 1, 3, 2, 3], batches.Select(b => b.Length));
        Assert.Equal([(object?)0L, 1L, 100L, 101L, 102L, 103L, 50L, 51L, 52L, 53L, 54L, 200L, 201L, 202L], Batches.Column(batches, 1));
        Assert.Equal(Batches.Column(batches, 1), Batches.Column(batches, 3));
        Assert.Equal([.. Enumerable.Repeat<object?>("11", 6), .. Enumerable.Repeat<object?>("12", 5), .. Enumerable.Repeat<object?>("13", 3)], Batches.Column(batches, 0));
        Assert.Null(Batches.Column(batches, 2)[0]);
        Assert.Equal(150.0, Batches.Column(batches, 2)[2]);
    }

    [Fact]
    public async Task ReadBatches_OnlyAPartitionColumn_CountsEveryRow()
    {
        using var source = DataSources.OpenParquetFolder(await ThreePartitionsAsync());

        var regions = Batches.Column(Batches.ReadAll(source, ["region"]), 0);

        Assert.Equal(14, regions.Count);
        Batches.AssertShape(source.ReadBatches(["region"], 100).First(), ["region"], [ColumnType.String]);
    }

    [Fact]
    public async Task OpenParquetFolder_SameRowsAsOneFile_ReadsTheSameValues()
    {
        var folder = await ThreePartitionsAsync();
        var single = _dir.File("one.parquet");
        await WriteRowsAsync(single, 0, 2);

        using var partitioned = DataSources.OpenParquetFolder(folder);
        using var file = DataSources.Open(single);

        Assert.Equal(
            Batches.Column(Batches.ReadAll(file, ["income"]), 0),
            Batches.Column(Batches.ReadAll(partitioned, ["income"]), 0).Take(2));
    }

    [Fact]
    public async Task OpenParquetFolder_AFileOfAnotherSchema_IsRefusedNamingTheFileAndTheColumn()
    {
        var folder = await ThreePartitionsAsync();
        await WriteRowsAsync(Path.Combine(folder, "region=12", "part-1.parquet"), 60, 2, nullableId: true);

        var e = Assert.Throws<DataSourceException>(() => DataSources.OpenParquetFolder(folder));

        Assert.Equal(
            $"{folder}: 'region=12/part-1.parquet' has another schema than 'region=11/part-0.parquet': column 'id' is INT64 Int64 optional, not INT64 Int64 required",
            e.Message);
    }

    [Theory]
    [InlineData("region=11/_SUCCESS", "'region=11/_SUCCESS' is a hidden or metadata entry")]
    [InlineData("region=11/.part-0.parquet.crc", "'region=11/.part-0.parquet.crc' is a hidden or metadata entry")]
    [InlineData("region=12/notes.csv", "'region=12/notes.csv' is not a .parquet file")]
    [InlineData("2024/x.parquet", "'2024' is a directory but not a key=value partition")]
    [InlineData("region=12/region=1/x.parquet", "'region=12/region=1' names the partition key 'region' twice")]
    [InlineData("stray.parquet", "'stray.parquet' is under the partition keys () but 'region=11/part-0.parquet' is under (region)")]
    public async Task List_AnythingButPartitionedParquetFiles_IsRefusedNamingIt(string entry, string message)
    {
        var folder = await ThreePartitionsAsync();
        var path = Path.Combine(folder, entry);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");

        var e = Assert.Throws<DataSourceException>(() => ParquetFolder.List(folder));

        Assert.StartsWith($"{folder}: {message}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void List_EmptyFolder_IsRefused()
    {
        Directory.CreateDirectory(_dir.File("empty/region=1"));

        var e = Assert.Throws<DataSourceException>(() => ParquetFolder.List(_dir.File("empty")));

        Assert.Equal($"{_dir.File("empty")}: the folder holds no .parquet file", e.Message);
    }

    [Fact]
    public async Task List_MoreFilesThanTheLimit_IsRefusedNamingTheLimit()
    {
        var folder = await ThreePartitionsAsync();

        Assert.Equal(4, ParquetFolder.List(folder, maxFiles: 4).Parts.Count);
        var e = Assert.Throws<DataSourceException>(() => ParquetFolder.List(folder, maxFiles: 3, limitName: "Connector:MaxDatasetFiles"));

        Assert.Equal($"{folder}: holds more than 3 Parquet files (Connector:MaxDatasetFiles)", e.Message);
    }

    [Fact]
    public async Task List_LinkToADirectory_IsRefusedNotFollowed()
    {
        var folder = await ThreePartitionsAsync();
        Directory.CreateSymbolicLink(Path.Combine(folder, "region=14"), folder);

        var e = Assert.Throws<DataSourceException>(() => ParquetFolder.List(folder));

        Assert.Equal($"{folder}: 'region=14' is a symbolic link to a directory, which a folder dataset does not follow", e.Message);
    }
}

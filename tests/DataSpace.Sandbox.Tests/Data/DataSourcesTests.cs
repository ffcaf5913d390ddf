using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Tests.Data;

public sealed class DataSourcesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("x.csv", DataFormat.Csv)]
    [InlineData("dir.v2/X.CSV", DataFormat.Csv)]
    [InlineData("x.parquet", DataFormat.Parquet)]
    [InlineData("x.arrow", DataFormat.ArrowIpc)]
    [InlineData("x.arrows", DataFormat.ArrowIpc)]
    [InlineData("x.Feather", DataFormat.ArrowIpc)]
    [InlineData("x.ipc", DataFormat.ArrowIpc)]
    public void FormatFromPath_KnownExtension_ReturnsFormat(string path, DataFormat expected) =>
        Assert.Equal(expected, DataSources.FormatFromPath(path));

    [Theory]
    [InlineData("x.json")]
    [InlineData("x")]
    [InlineData("x.csv.gz")]
    public void FormatFromPath_UnknownExtension_Throws(string path)
    {
        var ex = Assert.Throws<DataSourceException>(() => DataSources.FormatFromPath(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DataFormat.Csv)]
    [InlineData(DataFormat.Parquet)]
    [InlineData(DataFormat.ArrowIpc)]
    public void Open_MissingFile_ThrowsNamingFile(DataFormat format)
    {
        var path = _dir.File("missing.data");

        var ex = Assert.Throws<DataSourceException>(() => DataSources.Open(path, format));

        Assert.Equal($"{path}: dataset file does not exist", ex.Message);
    }

    [Theory]
    [InlineData(DataFormat.Csv)]
    [InlineData(DataFormat.Parquet)]
    [InlineData(DataFormat.ArrowIpc)]
    public async Task ReadBatches_MaxRowsBelowOne_ThrowsAtTheCall(DataFormat format)
    {
        using var source = DataSources.Open(await WriteSequenceAsync(format));

        Assert.Throws<ArgumentOutOfRangeException>(() => source.ReadBatches(["n"], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => source.ReadBatches(["n"], -5));
    }

    [Theory]
    [InlineData(DataFormat.Csv)]
    [InlineData(DataFormat.Parquet)]
    [InlineData(DataFormat.ArrowIpc)]
    public async Task ReadBatches_UnknownColumn_ThrowsAtTheCall(DataFormat format)
    {
        var path = await WriteSequenceAsync(format);
        using var source = DataSources.Open(path);

        var ex = Assert.Throws<DataSourceException>(() => source.ReadBatches(["n", "x"], 10));

        Assert.Equal($"{path}: dataset has no column 'x'", ex.Message);
    }

    [Theory]
    [InlineData(DataFormat.Csv)]
    [InlineData(DataFormat.Parquet)]
    [InlineData(DataFormat.ArrowIpc)]
    public async Task ReadBatches_NoColumns_Throws(DataFormat format)
    {
        using var source = DataSources.Open(await WriteSequenceAsync(format));

        Assert.Throws<ArgumentException>(() => source.ReadBatches([], 10));
    }

    /// <summary>Batches never span a Parquet row group or an Arrow record batch (6 + 4 and 7 + 3 rows here).</summary>
    [Theory]
    [InlineData(DataFormat.Csv, new[] { 4, 4, 2 })]
    [InlineData(DataFormat.Parquet, new[] { 4, 2, 4 })]
    [InlineData(DataFormat.ArrowIpc, new[] { 4, 3, 3 })]
    public async Task ReadBatches_SameDataEveryFormat_YieldsTheSameValues(DataFormat format, int[] batchLengths)
    {
        using var source = DataSources.Open(await WriteSequenceAsync(format));

        var batches = Batches.ReadAll(source, ["text", "n"], maxRows: 4);

        Assert.Equal(batchLengths, batches.Select(b => b.Length));
        Batches.AssertShape(batches[0], ["text", "n"], [ColumnType.String, ColumnType.Int64]);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (object?)(long)i), Batches.Column(batches, 1));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i % 10 == 9 ? null : (object?)$"row {i}"), Batches.Column(batches, 0));
    }

    [Theory]
    [InlineData(DataFormat.Parquet)]
    [InlineData(DataFormat.ArrowIpc)]
    [InlineData(DataFormat.Csv)]
    public async Task ReadBatches_FileRewrittenWithOtherColumns_Throws(DataFormat format)
    {
        var path = await WriteSequenceAsync(format);
        using var source = DataSources.Open(path);

        // The source holds nothing open, so the file can be replaced by one with only the "n" column.
        switch (format)
        {
            case DataFormat.Csv:
                await File.WriteAllTextAsync(path, "n\n1\n");
                break;
            case DataFormat.Parquet:
                var n = new Parquet.Schema.DataField<long>("n");
                await ParquetFiles.WriteAsync(path, new Parquet.Schema.ParquetSchema(n), 1, (rg, _) => rg.WriteAsync<long>(n, new long[] { 1 }));
                break;
            default:
                var batch = ArrowIpcDataSourceTests.Sequence(0, 1);
                ArrowIpcDataSourceTests.Write(path, fileFormat: false, new Apache.Arrow.RecordBatch(
                    new Apache.Arrow.Schema.Builder().Field(batch.Schema.FieldsList[0]).Build(), [batch.Column(0)], 1));
                break;
        }

        var ex = Assert.Throws<DataSourceException>(() => Batches.ReadAll(source, ["n"]));

        Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains(format == DataFormat.Csv ? "header does not match" : "schema changed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadBatches_Cancelled_Throws()
    {
        using var source = DataSources.Open(await WriteSequenceAsync(DataFormat.Parquet));
        using var cts = new CancellationTokenSource();
        using var batches = source.ReadBatches(["n"], 2, cts.Token).GetEnumerator();
        Assert.True(batches.MoveNext());

        await cts.CancelAsync();

        Assert.Throws<OperationCanceledException>(() => batches.MoveNext());
    }

    /// <summary>"n" = 0..9 and "text" = "row i" (null in the last row), in one file of the format; Parquet and Arrow in two parts.</summary>
    private async Task<string> WriteSequenceAsync(DataFormat format)
    {
        switch (format)
        {
            case DataFormat.Csv:
                return _dir.WriteText("seq.csv", "n,text\n" + string.Concat(Enumerable.Range(0, 10).Select(i => i == 9 ? "9,\n" : $"{i},row {i}\n")));
            case DataFormat.Parquet:
                var parquet = _dir.File("seq.parquet");
                await ParquetFiles.WriteSequenceAsync(parquet, 6, 4);
                return parquet;
            default:
                var arrow = _dir.File("seq.arrow");
                var text = new Apache.Arrow.StringArray.Builder();
                var numbers = new Apache.Arrow.Int64Array.Builder();
                for (var i = 0; i < 10; i++)
                {
                    numbers.Append(i);
                    _ = i == 9 ? text.AppendNull() : text.Append($"row {i}");
                }

                var schema = new Apache.Arrow.Schema.Builder()
                    .Field(f => f.Name("n").DataType(Apache.Arrow.Types.Int64Type.Default).Nullable(false))
                    .Field(f => f.Name("text").DataType(Apache.Arrow.Types.StringType.Default).Nullable(true))
                    .Build();
                var batch = new Apache.Arrow.RecordBatch(schema, [numbers.Build(), text.Build()], 10);
                ArrowIpcDataSourceTests.Write(arrow, fileFormat: false, batch.Slice(0, 7), batch.Slice(7, 3));
                return arrow;
        }
    }
}

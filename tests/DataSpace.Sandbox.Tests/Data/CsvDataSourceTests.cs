using System.Text;
using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Tests.Data;

public sealed class CsvDataSourceTests : IDisposable
{
    private static readonly DatasetSchema AllTypes = new([
        new ColumnSchema("i32", ColumnType.Int32, true),
        new ColumnSchema("i64", ColumnType.Int64, true),
        new ColumnSchema("f64", ColumnType.Float64, true),
        new ColumnSchema("b", ColumnType.Boolean, true),
        new ColumnSchema("d", ColumnType.Date, true),
        new ColumnSchema("s", ColumnType.String, true),
    ]);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ReadBatches_ExplicitSchema_ParsesEveryTypeAndReadsEmptyAsNull()
    {
        var path = _dir.WriteText("all.csv",
            "\uFEFFi32,i64,f64,b,d,s\r\n" +
            "-2147483648,9223372036854775807,1.5e3,TRUE,1969-12-31,\"a, \"\"quoted\"\"\r\nline\"\r\n" +
            ",,,,,\r\n" +
            "+7,-1,-0.25,false,2024-02-29,ünï\r\n");

        using var source = CsvDataSource.Open(path, AllTypes);
        string[] columns = ["i32", "i64", "f64", "b", "d", "s"];
        var batches = Batches.ReadAll(source, columns);

        var batch = Assert.Single(batches);
        Batches.AssertShape(batch, columns,
            [ColumnType.Int32, ColumnType.Int64, ColumnType.Float64, ColumnType.Boolean, ColumnType.Date, ColumnType.String]);
        Assert.Equal([(object?)int.MinValue, null, 7], Batches.Column(batches, 0));
        Assert.Equal([(object?)long.MaxValue, null, -1L], Batches.Column(batches, 1));
        Assert.Equal([(object?)1500.0, null, -0.25], Batches.Column(batches, 2));
        Assert.Equal([(object?)true, null, false], Batches.Column(batches, 3));
        Assert.Equal([(object?)new DateOnly(1969, 12, 31), null, new DateOnly(2024, 2, 29)], Batches.Column(batches, 4));
        Assert.Equal([(object?)"a, \"quoted\"\r\nline", null, "ünï"], Batches.Column(batches, 5));
    }

    [Fact]
    public void ReadBatches_ManyRows_SlicesToMaxRowsAndKeepsEveryValue()
    {
        var text = new StringBuilder("n,text\n");
        for (var i = 0; i < 10; i++)
        {
            text.Append(i).Append(",row ").Append(i).Append('\n');
        }

        var path = _dir.WriteText("seq.csv", text.ToString());

        using var source = DataSources.Open(path);
        var batches = Batches.ReadAll(source, ["text", "n"], maxRows: 3);

        Assert.Equal([3, 3, 3, 1], batches.Select(b => b.Length));
        Batches.AssertShape(batches[0], ["text", "n"], [ColumnType.String, ColumnType.Int64]);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (object?)$"row {i}"), Batches.Column(batches, 0));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (object?)(long)i), Batches.Column(batches, 1));
    }

    [Fact]
    public void ReadBatches_HeaderOnly_YieldsNothing()
    {
        var path = _dir.WriteText("empty.csv", "a,b\n");

        using var source = DataSources.Open(path);

        Assert.Empty(source.ReadBatches(["a"], 10));
        Assert.Equal(ColumnType.String, source.Schema["a"].Type);
    }

    [Fact]
    public void ReadBatches_ValueNotFittingInferredType_ThrowsNamingFileColumnAndLine()
    {
        // Inference sees two rows; the third data row (line 5, after a two-line quoted field) breaks the int64 column.
        var path = _dir.WriteText("late.csv", "id,note\n1,\"two\nlines\"\n2,x\n2.5,y\n");

        using var source = CsvDataSource.Open(path, inferenceRows: 2);
        var ex = Assert.Throws<DataSourceException>(() => Batches.ReadAll(source, ["id"]));

        Assert.Equal(ColumnType.Int64, source.Schema["id"].Type);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("column 'id'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 5", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("2.5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBatches_RaggedRow_ThrowsNamingLineAndFieldCounts()
    {
        var path = _dir.WriteText("ragged.csv", "a,b,c\n1,2,3\n4,5\n");

        using var source = CsvDataSource.Open(path, inferenceRows: 1);
        var ex = Assert.Throws<DataSourceException>(() => Batches.ReadAll(source, ["a"]));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2 fields but the header has 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_RaggedRowWithinInferenceSample_Throws()
    {
        var path = _dir.WriteText("ragged.csv", "a,b\n1,2,3\n");

        var ex = Assert.Throws<DataSourceException>(() => DataSources.Open(path));

        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBatches_StrayQuote_ThrowsMalformed()
    {
        var path = _dir.WriteText("quote.csv", "a,b\n1,x\n2,ab\"c\n");

        using var source = CsvDataSource.Open(path, inferenceRows: 1);
        var ex = Assert.Throws<DataSourceException>(() => Batches.ReadAll(source, ["b"]));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("malformed CSV", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBatches_InvalidUtf8_Throws()
    {
        var path = _dir.File("latin1.csv");
        File.WriteAllBytes(path, [.. "s\n"u8, 0x63, 0x61, 0x66, 0xE9, (byte)'\n']);

        using var source = CsvDataSource.Open(path, new DatasetSchema([new ColumnSchema("s", ColumnType.String, true)]));
        var ex = Assert.ThrowsAny<Exception>(() => Batches.ReadAll(source, ["s"]));

        var dataSourceException = Assert.IsType<DataSourceException>(ex);
        Assert.Contains(path, dataSourceException.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBatches_EmptyInNonNullableColumn_Throws()
    {
        var path = _dir.WriteText("n.csv", "a\n1\n\"\"\n");
        var schema = new DatasetSchema([new ColumnSchema("a", ColumnType.Int64, false)]);

        using var source = CsvDataSource.Open(path, schema);
        var ex = Assert.Throws<DataSourceException>(() => Batches.ReadAll(source, ["a"]));

        Assert.Contains("column 'a', line 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not nullable", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a,b,a\n1,2,3\n", "'a' twice")]
    [InlineData("a,,c\n1,2,3\n", "header column 2 has an empty name")]
    [InlineData("", "no header row")]
    public void Open_BadHeader_ThrowsNamingProblem(string content, string expected)
    {
        var path = _dir.WriteText("header.csv", content);

        var ex = Assert.Throws<DataSourceException>(() => DataSources.Open(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_HeaderDifferentFromSchema_Throws()
    {
        var path = _dir.WriteText("swap.csv", "i64,i32,f64,b,d,s\n");

        var ex = Assert.Throws<DataSourceException>(() => CsvDataSource.Open(path, AllTypes));

        Assert.Contains("expected 'i32', found 'i64'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_SemicolonSeparated_IsOneColumn()
    {
        // The separator is fixed to a comma: no guessing from the content.
        var path = _dir.WriteText("semi.csv", "a;b\n1;2\n");

        using var source = DataSources.Open(path);

        var column = Assert.Single(source.Schema.Columns);
        Assert.Equal(new ColumnSchema("a;b", ColumnType.String, true), column);
    }
}

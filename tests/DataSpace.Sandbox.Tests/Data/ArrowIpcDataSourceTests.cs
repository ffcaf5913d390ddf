using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Tests.Data;

public sealed class ArrowIpcDataSourceTests : IDisposable
{
    private static readonly string[] AllColumns =
        ["i8", "i16", "i32", "u8", "u16", "i64", "u32", "u64", "half", "f32", "f64", "dec", "b", "d32", "d64", "ts_ms", "ts_ns", "s", "ls"];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReadBatches_EveryType_NormalisesValuesAndKeepsNulls(bool fileFormat)
    {
        var path = _dir.File(fileFormat ? "all.arrow" : "all.arrows");
        Write(path, fileFormat, AllTypesBatch());

        using var source = DataSources.Open(path);
        var batches = Batches.ReadAll(source, AllColumns);

        Assert.Equal(fileFormat, Assert.IsType<ArrowIpcDataSource>(source).IsFileFormat);
        var batch = Assert.Single(batches);
        Batches.AssertShape(batch, AllColumns, [
            ColumnType.Int32, ColumnType.Int32, ColumnType.Int32, ColumnType.Int32, ColumnType.Int32,
            ColumnType.Int64, ColumnType.Int64, ColumnType.Int64,
            ColumnType.Float64, ColumnType.Float64, ColumnType.Float64, ColumnType.Float64,
            ColumnType.Boolean, ColumnType.Date, ColumnType.Date, ColumnType.Int64, ColumnType.Int64,
            ColumnType.String, ColumnType.String]);
        Assert.Equal([(object?)(-8), null, 8], Batches.Column(batches, 0));
        Assert.Equal([(object?)(-16), 16, null], Batches.Column(batches, 1));
        Assert.Equal([(object?)int.MinValue, null, int.MaxValue], Batches.Column(batches, 2));
        Assert.Equal([(object?)255, 0, null], Batches.Column(batches, 3));
        Assert.Equal([(object?)65535, null, 1], Batches.Column(batches, 4));
        Assert.Equal([(object?)long.MinValue, null, long.MaxValue], Batches.Column(batches, 5));
        Assert.Equal([(object?)4294967295L, 0L, null], Batches.Column(batches, 6));
        Assert.Equal([(object?)(long)long.MaxValue, null, 0L], Batches.Column(batches, 7));
        Assert.Equal([(object?)1.5, null, -2.0], Batches.Column(batches, 8));
        Assert.Equal([(object?)0.25, -1.0, null], Batches.Column(batches, 9));
        Assert.Equal([(object?)null, double.MaxValue, -0.5], Batches.Column(batches, 10));
        Assert.Equal([(object?)12.34, null, -0.01], Batches.Column(batches, 11));
        Assert.Equal([(object?)true, false, null], Batches.Column(batches, 12));
        Assert.Equal([(object?)new DateOnly(1969, 12, 31), null, new DateOnly(2024, 2, 29)], Batches.Column(batches, 13));
        Assert.Equal([(object?)new DateOnly(1960, 1, 1), new DateOnly(2000, 1, 1), null], Batches.Column(batches, 14));
        Assert.Equal([(object?)1_700_000_000_123_000L, null, -1_000L], Batches.Column(batches, 15));
        Assert.Equal([(object?)1_700_000_000_123_456L, -1L, null], Batches.Column(batches, 16));
        Assert.Equal([(object?)"a", null, "ünï"], Batches.Column(batches, 17));
        Assert.Equal([(object?)null, "large", string.Empty], Batches.Column(batches, 18));
    }

    [Fact]
    public void Open_Schema_MapsTypesAndNullability()
    {
        var path = _dir.File("all.arrow");
        Write(path, fileFormat: true, AllTypesBatch());

        using var source = DataSources.Open(path);

        Assert.Equal(AllColumns, source.Schema.Columns.Select(c => c.Name));
        Assert.Equal(new ColumnSchema("i8", ColumnType.Int32, true), source.Schema["i8"]);
        Assert.Equal(new ColumnSchema("f64", ColumnType.Float64, false), source.Schema["f64"]);
        Assert.Equal(new ColumnSchema("ts_ms", ColumnType.Int64, true), source.Schema["ts_ms"]);
        Assert.Equal(new ColumnSchema("d64", ColumnType.Date, true), source.Schema["d64"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReadBatches_AcrossRecordBatches_SlicesToMaxRowsAndSkipsEmptyBatches(bool fileFormat)
    {
        var path = _dir.File("seq.arrow");
        Write(path, fileFormat, Sequence(0, 5), Sequence(5, 0), Sequence(5, 7), Sequence(12, 1));

        using var source = DataSources.Open(path, DataFormat.ArrowIpc);
        var batches = Batches.ReadAll(source, ["n", "text"], maxRows: 3);

        Assert.Equal([3, 2, 3, 3, 1, 1], batches.Select(b => b.Length));
        Assert.Equal(Enumerable.Range(0, 13).Select(i => (object?)(long)i), Batches.Column(batches, 0));
        Assert.Equal(Enumerable.Range(0, 13).Select(i => (object?)$"row {i}"), Batches.Column(batches, 1));
    }

    [Fact]
    public void ReadBatches_Projection_ReturnsRequestedColumnsInRequestedOrder()
    {
        var path = _dir.File("seq.arrow");
        Write(path, fileFormat: true, Sequence(0, 4));

        using var source = DataSources.Open(path);
        var batch = Assert.Single(Batches.ReadAll(source, ["text", "n", "text"]));

        Batches.AssertShape(batch, ["text", "n", "text"], [ColumnType.String, ColumnType.Int64, ColumnType.String]);
        Assert.Equal("row 3", ((StringArray)batch.Column(0)).GetString(3));
        Assert.Equal(3L, ((Int64Array)batch.Column(1)).GetValue(3));
    }

    [Fact]
    public void ReadBatches_NoRecordBatches_YieldsNothing()
    {
        var path = _dir.File("empty.arrow");
        Write(path, fileFormat: true);

        using var source = DataSources.Open(path);

        Assert.Empty(source.ReadBatches(["n"], 10));
    }

    [Fact]
    public void ReadBatches_UInt64AboveInt64_ThrowsNamingColumnAndRow()
    {
        var path = _dir.File("u64.arrow");
        var array = new UInt64Array.Builder().Append(1).Append(ulong.MaxValue).Build();
        Write(path, fileFormat: true, Batch(("big", array, true)));

        using var source = DataSources.Open(path);
        var ex = Assert.Throws<DataSourceException>(() => Batches.ReadAll(source, ["big"]));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("'big'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("row 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBatches_TimestampSecondsBeyondInt64Micros_ThrowsNamingColumnAndRow()
    {
        var path = _dir.File("ts.arrow");
        var seconds = new TimestampArray(
            new TimestampType(TimeUnit.Second, (string?)null),
            new ArrowBuffer.Builder<long>().Append(1).Append(1).Append(long.MaxValue / 1000).Build(),
            ArrowBuffer.Empty,
            length: 3,
            nullCount: 0,
            offset: 0);
        Write(path, fileFormat: false, Batch(("ts", seconds, false)));

        using var source = DataSources.Open(path);
        var ex = Assert.Throws<DataSourceException>(() => Batches.ReadAll(source, ["ts"], maxRows: 2));

        Assert.Contains("column 'ts', row 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_BinaryColumn_ThrowsNamingColumnAndType()
    {
        var path = _dir.File("bin.arrow");
        var binary = new BinaryArray.Builder().Append([1, 2]).Build();
        Write(path, fileFormat: true, Batch(("blob", binary, true)));

        var ex = Assert.Throws<DataSourceException>(() => DataSources.Open(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("'blob'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("binary", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_WrongMagic_ThrowsNamingFile()
    {
        var path = _dir.WriteText("fake.arrow", "PAR1 this is not arrow");

        var ex = Assert.Throws<DataSourceException>(() => DataSources.Open(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("ARROW1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_TruncatedFileFormat_ThrowsNamingFile()
    {
        var path = _dir.File("cut.arrow");
        Write(path, fileFormat: true, Sequence(0, 100));
        Truncate(path, 0.6);

        var ex = Assert.Throws<DataSourceException>(() => DataSources.Open(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt or truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBatches_TruncatedStream_ThrowsNamingFile()
    {
        var path = _dir.File("cut.arrows");
        Write(path, fileFormat: false, Sequence(0, 100), Sequence(100, 100));
        Truncate(path, 0.75);

        using var source = DataSources.Open(path);
        var ex = Assert.Throws<DataSourceException>(() => Batches.ReadAll(source, ["n"]));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt or truncated", ex.Message, StringComparison.Ordinal);
    }

    private static void Truncate(string path, double fraction)
    {
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * fraction)]);
    }

    internal static void Write(string path, bool fileFormat, params RecordBatch[] batches) =>
        Write(path, fileFormat, batches.Length > 0 ? batches[0].Schema : Sequence(0, 0).Schema, batches);

    private static void Write(string path, bool fileFormat, Schema schema, RecordBatch[] batches)
    {
        using var stream = File.Create(path);
        using ArrowStreamWriter writer = fileFormat ? new ArrowFileWriter(stream, schema) : new ArrowStreamWriter(stream, schema);
        writer.WriteStart();
        foreach (var batch in batches)
        {
            writer.WriteRecordBatch(batch);
        }

        writer.WriteEnd();
    }

    internal static RecordBatch Sequence(int start, int count)
    {
        var numbers = new Int64Array.Builder();
        var text = new StringArray.Builder();
        for (var i = start; i < start + count; i++)
        {
            numbers.Append(i);
            text.Append($"row {i}");
        }

        return Batch(("n", numbers.Build(), false), ("text", text.Build(), false));
    }

    private static RecordBatch Batch(params (string Name, IArrowArray Array, bool Nullable)[] columns)
    {
        var schema = new Schema.Builder();
        foreach (var (name, array, nullable) in columns)
        {
            schema.Field(new Field(name, array.Data.DataType, nullable));
        }

        return new RecordBatch(schema.Build(), columns.Select(c => c.Array), columns[0].Array.Length);
    }

    private static RecordBatch AllTypesBatch()
    {
        var epochMs = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);
        return Batch(
            ("i8", new Int8Array.Builder().Append(-8).AppendNull().Append(8).Build(), true),
            ("i16", new Int16Array.Builder().Append(-16).Append(16).AppendNull().Build(), true),
            ("i32", new Int32Array.Builder().Append(int.MinValue).AppendNull().Append(int.MaxValue).Build(), true),
            ("u8", new UInt8Array.Builder().Append(255).Append(0).AppendNull().Build(), true),
            ("u16", new UInt16Array.Builder().Append(65535).AppendNull().Append(1).Build(), true),
            ("i64", new Int64Array.Builder().Append(long.MinValue).AppendNull().Append(long.MaxValue).Build(), true),
            ("u32", new UInt32Array.Builder().Append(uint.MaxValue).Append(0).AppendNull().Build(), true),
            ("u64", new UInt64Array.Builder().Append(long.MaxValue).AppendNull().Append(0).Build(), true),
            ("half", new HalfFloatArray.Builder().Append((Half)1.5).AppendNull().Append((Half)(-2)).Build(), true),
            ("f32", new FloatArray.Builder().Append(0.25f).Append(-1f).AppendNull().Build(), true),
            ("f64", new DoubleArray.Builder().AppendNull().Append(double.MaxValue).Append(-0.5).Build(), false),
            ("dec", new Decimal128Array.Builder(new Decimal128Type(10, 2)).Append(12.34m).AppendNull().Append(-0.01m).Build(), true),
            ("b", new BooleanArray.Builder().Append(true).Append(false).AppendNull().Build(), true),
            ("d32", new Date32Array.Builder().Append(new DateOnly(1969, 12, 31)).AppendNull().Append(new DateOnly(2024, 2, 29)).Build(), true),
            ("d64", new Date64Array.Builder().Append(new DateOnly(1960, 1, 1)).Append(new DateOnly(2000, 1, 1)).AppendNull().Build(), true),
            ("ts_ms", new TimestampArray.Builder(TimeUnit.Millisecond, "UTC").Append(epochMs).AppendNull()
                .Append(DateTimeOffset.FromUnixTimeMilliseconds(-1)).Build(), true),
            ("ts_ns", TimestampNanos(1_700_000_000_123_456_789, -1), true),
            ("s", new StringArray.Builder().Append("a").AppendNull().Append("ünï").Build(), true),
            ("ls", new LargeStringArray.Builder().AppendNull().Append("large").Append(string.Empty).Build(), true));
    }

    /// <summary>Nanosecond timestamps given raw, with a null third row; -1 ns must floor to -1 µs.</summary>
    private static TimestampArray TimestampNanos(long first, long second) => new(
        new TimestampType(TimeUnit.Nanosecond, "UTC"),
        new ArrowBuffer.Builder<long>().Append(first).Append(second).Append(0).Build(),
        new ArrowBuffer.BitmapBuilder().Append(true).Append(true).Append(false).Build(),
        length: 3,
        nullCount: 1,
        offset: 0);
}

using DataSpace.Sandbox.Data;
using Parquet.Schema;

namespace DataSpace.Sandbox.Tests.Data;

public sealed class ParquetDataSourceTests : IDisposable
{
    private static readonly DateTime Instant = new(2024, 3, 1, 12, 30, 15, 123, 456, DateTimeKind.Utc);
    private static readonly long InstantMicros = (Instant - DateTime.UnixEpoch).Ticks / 10;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ReadBatches_EveryType_NormalisesValuesAndKeepsNulls()
    {
        var path = _dir.File("all.parquet");
        await WriteAllTypesAsync(path);
        string[] columns = ["i8", "i16", "i32", "u8", "u16", "i64", "u32", "u64", "f32", "f64", "dec", "b", "date", "ts", "int96", "s"];

        using var source = DataSources.Open(path);
        var batches = Batches.ReadAll(source, columns, maxRows: 2);

        Assert.Equal([2, 1, 2, 1], batches.Select(b => b.Length));
        Batches.AssertShape(batches[0], columns, [
            ColumnType.Int32, ColumnType.Int32, ColumnType.Int32, ColumnType.Int32, ColumnType.Int32,
            ColumnType.Int64, ColumnType.Int64, ColumnType.Int64, ColumnType.Float64, ColumnType.Float64, ColumnType.Float64,
            ColumnType.Boolean, ColumnType.Date, ColumnType.Int64, ColumnType.Int64, ColumnType.String]);
        Assert.Equal([(object?)(-8), null, 8, (-8), null, 8], Batches.Column(batches, 0));
        Assert.Equal([(object?)(int)short.MinValue, 16, null, (int)short.MinValue, 16, null], Batches.Column(batches, 1));
        Assert.Equal([(object?)null, int.MaxValue, int.MinValue, null, int.MaxValue, int.MinValue], Batches.Column(batches, 2));
        Assert.Equal([(object?)255, null, 0, 255, null, 0], Batches.Column(batches, 3));
        Assert.Equal([(object?)65535, 1, 2, 65535, 1, 2], Batches.Column(batches, 4));
        Assert.Equal([(object?)long.MinValue, null, long.MaxValue, long.MinValue, null, long.MaxValue], Batches.Column(batches, 5));
        Assert.Equal([(object?)4294967295L, null, 0L, 4294967295L, null, 0L], Batches.Column(batches, 6));
        Assert.Equal([(object?)long.MaxValue, 0L, null, long.MaxValue, 0L, null], Batches.Column(batches, 7));
        Assert.Equal([(object?)0.25, null, -1.5, 0.25, null, -1.5], Batches.Column(batches, 8));
        Assert.Equal([(object?)null, double.MinValue, 1e-300, null, double.MinValue, 1e-300], Batches.Column(batches, 9));
        Assert.Equal([(object?)12.34, -0.01, null, 12.34, -0.01, null], Batches.Column(batches, 10));
        Assert.Equal([(object?)true, null, false, true, null, false], Batches.Column(batches, 11));
        Assert.Equal([(object?)new DateOnly(1969, 12, 31), null, new DateOnly(2024, 2, 29), new DateOnly(1969, 12, 31), null, new DateOnly(2024, 2, 29)], Batches.Column(batches, 12));
        Assert.Equal([(object?)InstantMicros, null, 0L, InstantMicros, null, 0L], Batches.Column(batches, 13));
        Assert.Equal([(object?)InstantMicros, -1_000_000L, null, InstantMicros, -1_000_000L, null], Batches.Column(batches, 14));
        Assert.Equal([(object?)"a", null, "ünï", "a", null, "ünï"], Batches.Column(batches, 15));
    }

    [Fact]
    public async Task Open_Schema_MapsTypesAndNullability()
    {
        var path = _dir.File("all.parquet");
        await WriteAllTypesAsync(path);

        using var source = DataSources.Open(path, DataFormat.Parquet);

        Assert.Equal(new ColumnSchema("i8", ColumnType.Int32, true), source.Schema["i8"]);
        Assert.Equal(new ColumnSchema("u16", ColumnType.Int32, false), source.Schema["u16"]);
        Assert.Equal(new ColumnSchema("dec", ColumnType.Float64, true), source.Schema["dec"]);
        Assert.Equal(new ColumnSchema("date", ColumnType.Date, true), source.Schema["date"]);
        Assert.Equal(new ColumnSchema("ts", ColumnType.Int64, true), source.Schema["ts"]);
        Assert.Equal(new ColumnSchema("s", ColumnType.String, true), source.Schema["s"]);
    }

    [Fact]
    public async Task ReadBatches_AcrossRowGroups_SlicesToMaxRowsAndKeepsEveryValue()
    {
        var path = _dir.File("seq.parquet");
        await ParquetFiles.WriteSequenceAsync(path, 7, 7, 7, 3);

        using var source = DataSources.Open(path);
        var batches = Batches.ReadAll(source, ["n", "text"], maxRows: 5);

        Assert.Equal([5, 2, 5, 2, 5, 2, 3], batches.Select(b => b.Length));
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (object?)(long)i), Batches.Column(batches, 0));
        Assert.Equal(Enumerable.Range(0, 24).Select(i => i % 10 == 9 ? null : (object?)$"row {i}"), Batches.Column(batches, 1));
    }

    [Fact]
    public async Task ReadBatches_Projection_ReturnsRequestedColumnsInRequestedOrder()
    {
        var path = _dir.File("seq.parquet");
        await ParquetFiles.WriteSequenceAsync(path, 4);

        using var source = DataSources.Open(path);
        var batch = Assert.Single(Batches.ReadAll(source, ["text", "n", "n"]));

        Batches.AssertShape(batch, ["text", "n", "n"], [ColumnType.String, ColumnType.Int64, ColumnType.Int64]);
        Assert.Equal("row 3", Batches.Value(batch.Column(0), 3));
        Assert.Equal(3L, Batches.Value(batch.Column(2), 3));
    }

    [Fact]
    public async Task ReadBatches_NoRowGroups_YieldsNothing()
    {
        var path = _dir.File("empty.parquet");
        await ParquetFiles.WriteSequenceAsync(path);

        using var source = DataSources.Open(path);

        Assert.Empty(source.ReadBatches(["n"], 10));
    }

    [Fact]
    public async Task ReadBatches_UInt64AboveInt64_ThrowsNamingColumnAndRow()
    {
        var path = _dir.File("u64.parquet");
        var field = new DataField<ulong>("big");
        await ParquetFiles.WriteAsync(path, new ParquetSchema(field), 2, (rowGroup, group) =>
            rowGroup.WriteAsync<ulong>(field, group == 0 ? new ulong[] { 1, 2, 3 } : new ulong[] { 4, ulong.MaxValue }));

        using var source = DataSources.Open(path);
        var ex = Assert.Throws<DataSourceException>(() => Batches.ReadAll(source, ["big"]));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("'big'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("row 5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_BinaryColumn_ThrowsNamingColumnAndType()
    {
        var path = _dir.File("bin.parquet");
        var field = new DataField<byte[]>("blob");
        await ParquetFiles.WriteAsync(path, new ParquetSchema(field), 1, (rowGroup, _) =>
            rowGroup.WriteAsync(field, new[] { new byte[] { 1 } }));

        var ex = Assert.Throws<DataSourceException>(() => DataSources.Open(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("'blob'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("binary", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_ListColumn_ThrowsNamingColumnAndType()
    {
        var path = _dir.File("list.parquet");
        var id = new DataField<int>("id");
        var item = new DataField<int>("item");
        await ParquetFiles.WriteAsync(path, new ParquetSchema(id, new ListField("tags", item)), rowGroups: 0, (_, _) => Task.CompletedTask);

        var ex = Assert.Throws<DataSourceException>(() => DataSources.Open(path));

        Assert.Contains("'tags'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("list", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_Truncated_ThrowsNamingFile()
    {
        var path = _dir.File("cut.parquet");
        await ParquetFiles.WriteSequenceAsync(path, 100, 100);
        var bytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length - 20)]);

        var ex = Assert.Throws<DataSourceException>(() => DataSources.Open(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt or truncated Parquet", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_NotParquet_ThrowsNamingFile()
    {
        var path = _dir.WriteText("text.parquet", "a,b\n1,2\n");

        var ex = Assert.Throws<DataSourceException>(() => DataSources.Open(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("Parquet", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadBatches_CorruptColumnChunk_ThrowsNamingFile()
    {
        var path = _dir.File("bad-page.parquet");
        await ParquetFiles.WriteSequenceAsync(path, 1000);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes.AsSpan(4, 200).Fill(0xEE);
        await File.WriteAllBytesAsync(path, bytes);

        using var source = DataSources.Open(path);
        var ex = Assert.ThrowsAny<Exception>(() => Batches.ReadAll(source, ["n"]));

        var dataSourceException = Assert.IsType<DataSourceException>(ex);
        Assert.Contains(path, dataSourceException.Message, StringComparison.Ordinal);
    }

    private static async Task WriteAllTypesAsync(string path)
    {
        var i8 = new DataField<sbyte?>("i8");
        var i16 = new DataField<short?>("i16");
        var i32 = new DataField<int?>("i32");
        var u8 = new DataField<byte?>("u8");
        var u16 = new DataField<ushort>("u16");
        var i64 = new DataField<long?>("i64");
        var u32 = new DataField<uint?>("u32");
        var u64 = new DataField<ulong?>("u64");
        var f32 = new DataField<float?>("f32");
        var f64 = new DataField<double?>("f64");
        var dec = new DecimalDataField("dec", 10, 2, isNullable: true);
        var b = new DataField<bool?>("b");
        var date = new DataField<DateOnly?>("date");
        var ts = new DateTimeDataField("ts", DateTimeFormat.Timestamp, isAdjustedToUTC: true, DateTimeTimeUnit.Micros, isNullable: true);
        var int96 = new DateTimeDataField("int96", DateTimeFormat.Impala, isNullable: true);
        var s = new DataField<string>("s");
        var schema = new ParquetSchema(i8, i16, i32, u8, u16, i64, u32, u64, f32, f64, dec, b, date, ts, int96, s);

        await ParquetFiles.WriteAsync(path, schema, rowGroups: 2, async (rg, _) =>
        {
            await rg.WriteAsync<sbyte>(i8, new sbyte?[] { -8, null, 8 });
            await rg.WriteAsync<short>(i16, new short?[] { short.MinValue, 16, null });
            await rg.WriteAsync<int>(i32, new int?[] { null, int.MaxValue, int.MinValue });
            await rg.WriteAsync<byte>(u8, new byte?[] { 255, null, 0 });
            await rg.WriteAsync<ushort>(u16, new ushort[] { 65535, 1, 2 });
            await rg.WriteAsync<long>(i64, new long?[] { long.MinValue, null, long.MaxValue });
            await rg.WriteAsync<uint>(u32, new uint?[] { uint.MaxValue, null, 0 });
            await rg.WriteAsync<ulong>(u64, new ulong?[] { long.MaxValue, 0, null });
            await rg.WriteAsync<float>(f32, new float?[] { 0.25f, null, -1.5f });
            await rg.WriteAsync<double>(f64, new double?[] { null, double.MinValue, 1e-300 });
            await rg.WriteAsync<decimal>(dec, new decimal?[] { 12.34m, -0.01m, null });
            await rg.WriteAsync<bool>(b, new bool?[] { true, null, false });
            await rg.WriteAsync<DateOnly>(date, new DateOnly?[] { new(1969, 12, 31), null, new(2024, 2, 29) });
            await rg.WriteAsync<DateTime>(ts, new DateTime?[] { Instant, null, DateTime.UnixEpoch });
            await rg.WriteAsync<DateTime>(int96, new DateTime?[] { Instant, DateTime.UnixEpoch.AddSeconds(-1), null });
            await rg.WriteAsync(s, new[] { "a", null, "ünï" }!);
        });
    }
}

using DataSpace.Sandbox.Data;
using Microsoft.Data.Analysis;

namespace DataSpace.Sandbox.Tests.Data;

public sealed class DataFramesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ToDataFrame_SeveralBatches_KeepsRowsTypesAndNulls()
    {
        using var source = OpenAllTypes();

        var frame = DataFrames.ToDataFrame(source.ReadBatches(["i32", "i64", "f64", "b", "d", "s"], maxRows: 2));

        Assert.Equal(3, frame.Rows.Count);
        Assert.IsType<Int32DataFrameColumn>(frame["i32"]);
        Assert.IsType<StringDataFrameColumn>(frame["s"]);
        Assert.Equal([7, null, -1], frame["i32"].Cast<object?>());
        Assert.Equal([5_000_000_000L, null, 0L], frame["i64"].Cast<object?>());
        Assert.Equal([0.5, null, -2.0], frame["f64"].Cast<object?>());
        Assert.Equal([true, null, false], frame["b"].Cast<object?>());
        Assert.Equal([new DateTime(2024, 2, 29), null, new DateTime(1970, 1, 1)], frame["d"].Cast<object?>());
        Assert.Equal(["x", null, "z"], frame["s"].Cast<object?>());
    }

    [Fact]
    public void ToDataFrame_NoBatches_ReturnsEmptyFrame()
    {
        var frame = DataFrames.ToDataFrame([]);

        Assert.Equal(0, frame.Rows.Count);
        Assert.Empty(frame.Columns);
    }

    /// <summary>
    /// Microsoft.Data.Analysis 0.23.1 was built against Apache.Arrow 14; with the pinned 23 its Arrow import still
    /// binds at run time (no MissingMethodException) for the non-date types.
    /// </summary>
    [Fact]
    public void FromArrowRecordBatch_PinnedArrowVersion_ReadsNonDateColumns()
    {
        using var source = OpenAllTypes();
        var batch = Assert.Single(source.ReadBatches(["i32", "i64", "f64", "b", "s"], maxRows: 10));

        var frame = DataFrame.FromArrowRecordBatch(batch);

        Assert.Equal(3, frame.Rows.Count);
        Assert.Equal([7, null, -1], frame["i32"].Cast<object?>());
        Assert.Equal(["x", null, "z"], frame["s"].Cast<object?>());
    }

    /// <summary>Why <see cref="DataFrames"/> builds columns itself: when this fails, FromArrowRecordBatch has learnt dates.</summary>
    [Fact]
    public void FromArrowRecordBatch_Date32Column_IsNotSupportedByMicrosoftDataAnalysis()
    {
        using var source = OpenAllTypes();
        var batch = Assert.Single(source.ReadBatches(["d"], maxRows: 10));

        Assert.Throws<NotImplementedException>(() => DataFrame.FromArrowRecordBatch(batch));
    }

    private CsvDataSource OpenAllTypes()
    {
        var path = _dir.WriteText("all.csv", "i32,i64,f64,b,d,s\n7,5000000000,0.5,true,2024-02-29,x\n,,,,,\n-1,0,-2,false,1970-01-01,z\n");
        return CsvDataSource.Open(path, new DatasetSchema([
            new ColumnSchema("i32", ColumnType.Int32, true),
            new ColumnSchema("i64", ColumnType.Int64, true),
            new ColumnSchema("f64", ColumnType.Float64, true),
            new ColumnSchema("b", ColumnType.Boolean, true),
            new ColumnSchema("d", ColumnType.Date, true),
            new ColumnSchema("s", ColumnType.String, true),
        ]));
    }
}

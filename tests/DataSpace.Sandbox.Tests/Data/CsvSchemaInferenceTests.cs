using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Tests.Data;

public sealed class CsvSchemaInferenceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("1|-2|+3|9223372036854775807", ColumnType.Int64)]
    [InlineData("1|2.5|-3e-2|1E3", ColumnType.Float64)]
    [InlineData("9223372036854775808|1", ColumnType.Float64)]
    [InlineData("true|FALSE|True", ColumnType.Boolean)]
    [InlineData("2024-01-31|1900-02-28", ColumnType.Date)]
    [InlineData("2023-02-29|2024-01-01", ColumnType.String)]
    [InlineData("1|NaN", ColumnType.String)]
    [InlineData("1|Infinity", ColumnType.String)]
    [InlineData("1|1e999", ColumnType.String)]
    [InlineData("1| 2", ColumnType.String)]
    [InlineData("1,5|2", ColumnType.String)]
    [InlineData("1|true", ColumnType.String)]
    [InlineData("0|1", ColumnType.Int64)]
    [InlineData("yes|no", ColumnType.String)]
    [InlineData("2024-1-5", ColumnType.String)]
    [InlineData("||", ColumnType.String)]
    public void InferSchema_Values_PicksFirstTypeAllValuesFit(string values, ColumnType expected)
    {
        var lines = values.Split('|').Select(v => v.Contains(',', StringComparison.Ordinal) ? $"\"{v}\"" : v);
        var path = _dir.WriteText("c.csv", "c\n" + string.Join('\n', lines) + "\n");

        var schema = CsvDataSource.InferSchema(path);

        Assert.Equal(new ColumnSchema("c", expected, Nullable: true), Assert.Single(schema.Columns));
    }

    [Fact]
    public void InferSchema_EmptyFields_AreIgnored()
    {
        var path = _dir.WriteText("c.csv", "a,b\n,x\n5,\n,\n");

        var schema = CsvDataSource.InferSchema(path);

        Assert.Equal(ColumnType.Int64, schema["a"].Type);
        Assert.Equal(ColumnType.String, schema["b"].Type);
    }

    [Fact]
    public void InferSchema_SampleSize_LimitsRowsLookedAt()
    {
        var path = _dir.WriteText("c.csv", "a\n1\n2\nthree\n");

        Assert.Equal(ColumnType.Int64, CsvDataSource.InferSchema(path, sampleRows: 2)["a"].Type);
        Assert.Equal(ColumnType.String, CsvDataSource.InferSchema(path, sampleRows: 3)["a"].Type);
    }

    [Fact]
    public void InferSchema_KeepsHeaderOrder()
    {
        var path = _dir.WriteText("c.csv", "z,a,m\n1,x,2024-01-01\n");

        var schema = CsvDataSource.InferSchema(path);

        Assert.Equal(["z", "a", "m"], schema.Columns.Select(c => c.Name));
        Assert.Equal([ColumnType.Int64, ColumnType.String, ColumnType.Date], schema.Columns.Select(c => c.Type));
    }
}

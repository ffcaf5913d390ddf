using DataSpace.Cli.Tests.Support;

namespace DataSpace.Cli.Tests.Datasets;

/// <summary><c>dsc dataset add --column NAME=CLASS</c>: the classes reach the catalogue; a wrong class or column changes nothing.</summary>
public sealed class DatasetColumnClassTests(FlowFixture flow) : IClassFixture<FlowFixture>
{
    [Fact]
    public async Task DatasetAdd_ColumnsClassed_CatalogueShowsTheClassesAndOthersSensitive()
    {
        var added = await flow.Supplier("dataset", "add", "--id", "classed", "--name", "Classed", "--file", flow.DatasetFile, "--classification", "3",
            "--column", "enterprise_id=identifying", "--column", "established=quasiIdentifying", "--column", "region=public");

        Assert.True(added.ExitCode == ExitCodes.Ok, added.Output + added.Error);
        Assert.Contains("(enterprise_id: identifying, region: public, industry: sensitive,", added.Output, StringComparison.Ordinal);
        var catalog = FlowFixture.Json(await flow.Operator("dataset", "list", "--json"));
        var columns = catalog.EnumerateArray().Single(d => d.GetProperty("id").GetString() == "classed").GetProperty("columns").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("class").GetString());
        Assert.Equal("identifying", columns["enterprise_id"]);
        Assert.Equal("quasiIdentifying", columns["established"]);
        Assert.Equal("public", columns["region"]);
        Assert.Equal("sensitive", columns["income"]);
    }

    [Theory]
    [InlineData("enterprise_id=secret", "'secret' (column 'enterprise_id')")]
    [InlineData("taxpayer_id=identifying", "'taxpayer_id' is not a column of the dataset")]
    public async Task DatasetAdd_UnknownClassOrColumn_IsRefusedNamingIt(string column, string named)
    {
        var added = await flow.Supplier("dataset", "add", "--id", "refused", "--name", "Refused", "--file", flow.DatasetFile, "--classification", "3", "--column", column);

        Assert.Equal(ExitCodes.InputError, added.ExitCode);
        Assert.Contains(named, added.Error, StringComparison.Ordinal);
        var catalog = FlowFixture.Json(await flow.Operator("dataset", "list", "--json"));
        Assert.DoesNotContain(catalog.EnumerateArray(), d => d.GetProperty("id").GetString() == "refused");
    }

    [Fact]
    public async Task DatasetAdd_ColumnWithoutAClass_IsAUsageError()
    {
        var added = await flow.Supplier("dataset", "add", "--id", "usage", "--name", "Usage", "--file", flow.DatasetFile, "--classification", "3", "--column", "enterprise_id");

        Assert.Equal(ExitCodes.Usage, added.ExitCode);
    }
}

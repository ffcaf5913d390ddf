using DataSpace.Cli.Tests.Support;

namespace DataSpace.Cli.Tests.Datasets;

/// <summary>
/// <c>dsc dataset add --file</c> against the connector's data roots (docs/connector-service.md, "Data roots"): a file
/// outside <c>&lt;data dir&gt;/datasets</c> (the default root) or one of the connector's own is refused, exit 3 with
/// the rule named, and nothing is registered.
/// </summary>
public sealed class DatasetDataRootTests(FlowFixture flow) : IClassFixture<FlowFixture>
{
    [Fact]
    public async Task DatasetAdd_FileOutsideTheDataRoot_ExitsThreeNamingTheRule()
    {
        var outside = await flow.WriteAsync("outside.csv", "n\n1\n");

        var added = await flow.Supplier("dataset", "add", "--id", "outside", "--name", "Outside", "--file", outside, "--classification", "1");

        Assert.Equal(ExitCodes.InputError, added.ExitCode);
        Assert.Contains($"location: '{outside}' is not under a data root (Connector:DataRoots: {flow.DatasetsDirectory})", added.Error, StringComparison.Ordinal);
        await AssertNotRegisteredAsync("outside");
    }

    [Fact]
    public async Task DatasetAdd_TheConnectorsKey_ExitsThreeNamingTheDataDirectory()
    {
        var added = await flow.Supplier("dataset", "add", "--id", "key", "--name", "Key", "--file", flow.SupplierKey, "--classification", "1");

        Assert.Equal(ExitCodes.InputError, added.ExitCode);
        Assert.Contains("is inside the connector's data directory", added.Error, StringComparison.Ordinal);
        await AssertNotRegisteredAsync("key");
    }

    private async Task AssertNotRegisteredAsync(string id)
    {
        var catalog = FlowFixture.Json(await flow.Operator("dataset", "list", "--json"));
        Assert.DoesNotContain(catalog.EnumerateArray(), d => d.GetProperty("id").GetString() == id);
    }
}

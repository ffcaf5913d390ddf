using System.Globalization;
using System.Text;
using System.Text.Json;
using DataSpace.WebConsole.Tests.Support;

namespace DataSpace.WebConsole.Tests;

/// <summary>
/// The supplier's Datasets page in a real browser (issue 17, item 2, "datasets (register with progress)";
/// docs/console.md, "Datasets"): a file under the connector's data root registered from the form, followed on the progress
/// bar to its end, then listed on the page and in the connector's catalogue; a location outside the data roots refused
/// with the connector's detail, the form kept, nothing registered.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DatasetPagesTests(BrowserFixture browser)
{
    private const int Rows = 5000;

    [Fact]
    public async Task Register_FileUnderTheDataRoot_ProgressTo100ThenListedWithItsRows()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var file = WriteCsv(world, "firms.csv", Rows);
        var console = await world.ConsoleAsync(world.SupplierKey);
        await using var session = await browser.NewSessionAsync(console.Address);
        var (page, _) = await session.OpenAsync(console.LoginLink.PathAndQuery, "home");
        await session.VisitAsync(page, "/datasets", "datasets");
        Assert.Equal(1, await page.Locator("#datasets tr[data-dataset='tax']").CountAsync());

        await page.FillAsync("#dataset-id", "firms");
        await page.FillAsync("#dataset-name", "Registered firms");
        await page.FillAsync("#dataset-location", file);
        await page.FillAsync("#dataset-classification", "3");
        await page.FillAsync("#dataset-columns", "enterprise_id=identifying\nindustry=public");
        await page.ClickAsync("#register");
        await page.WaitForURLAsync("**/datasets?registration=*");
        await page.Locator("#registration-done").WaitForAsync();
        await session.ScreenshotAsync(page, "registered");

        Assert.Equal("100", await page.Locator("#registration-progress").GetAttributeAsync("aria-valuenow"));
        Assert.Equal("firms", await page.Locator("#registration-done").GetAttributeAsync("data-dataset"));
        Assert.Equal(Rows.ToString("N0", CultureInfo.GetCultureInfo("en")), (await page.Locator("#datasets tr[data-dataset='firms'] .rows").InnerTextAsync()).Trim());
        Assert.Equal("3", (await page.Locator("#datasets tr[data-dataset='firms'] .classification").InnerTextAsync()).Trim());
        var registered = Dataset(await world.GetAsync("/api/v1/catalog?limit=500"), "firms");
        Assert.Equal(Rows, registered?.GetProperty("rowCount").GetInt64());
        Assert.Equal(3, registered?.GetProperty("classificationLevel").GetInt32());
        Assert.Contains(registered!.Value.GetProperty("columns").EnumerateArray(),
            c => c.GetProperty("name").GetString() == "industry" && c.GetProperty("class").GetString() == "public");
    }

    [Fact]
    public async Task Register_OutsideTheDataRoots_RefusedWithTheConnectorsDetailInBothLanguages_NothingRegistered()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var console = await world.ConsoleAsync(world.SupplierKey);
        await using var session = await browser.NewSessionAsync(console.Address);
        var (page, _) = await session.OpenAsync(console.LoginLink.PathAndQuery, "home");
        await session.VisitAsync(page, "/culture?c=zh-CN&back=%2Fdatasets", "datasets-chinese");
        Assert.Equal("数据集", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Contains("Connector:DataRoots", await page.Locator("#dataset-location-help").InnerTextAsync(), StringComparison.Ordinal);

        await page.FillAsync("#dataset-id", "passwd");
        await page.FillAsync("#dataset-name", "Not a dataset");
        await page.FillAsync("#dataset-location", "/etc/passwd");
        await page.FillAsync("#dataset-classification", "1");
        await page.ClickAsync("#register");
        await page.WaitForURLAsync("**/datasets?error=*");
        await session.ScreenshotAsync(page, "refused");

        Assert.Contains("is not under a data root", await page.Locator("#message").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("/etc/passwd", await page.InputValueAsync("#dataset-location"));
        Assert.Equal("passwd", await page.InputValueAsync("#dataset-id"));
        Assert.Null(Dataset(await world.GetAsync("/api/v1/catalog?limit=500"), "passwd"));
        Assert.Equal(0, await page.Locator("#datasets tr[data-dataset='passwd']").CountAsync());
    }

    /// <summary>A CSV of <paramref name="rows"/> enterprises written under the test connector's data root; its absolute path.</summary>
    internal static string WriteCsv(ConsoleWorld world, string name, int rows)
    {
        var csv = new StringBuilder("enterprise_id,industry,income\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"F{i:D6},{(i % 2 == 0 ? "retail" : "software")},{1000 + (i * 3.25):0.00}\n");
        }

        var file = Path.Combine(Path.GetDirectoryName(world.Connector.App.DataDirectory.Root)!, name);
        File.WriteAllText(file, csv.ToString());
        return file;
    }

    private static JsonElement? Dataset(JsonElement catalog, string id) =>
        catalog.EnumerateArray().Where(d => d.GetProperty("id").GetString() == id).Select(d => (JsonElement?)d).FirstOrDefault();
}

using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Connector.Http;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using DataSpace.WebConsole.Tests.Support;
using Microsoft.Playwright;

namespace DataSpace.WebConsole.Tests;

/// <summary>
/// The supplier's usage gauges and the filtered audit log in a real browser (issue 17, item 2; docs/console.md, "Usage"
/// and "Audit log"): the numbers are the connector's, the gauges are drawn from them, and the log's pages follow the
/// connector's cursor.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class UsageAndLogTests(BrowserFixture browser)
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    [Fact]
    public async Task Usage_AfterAReleasedJob_GaugesShowTheConnectorsUseCountsAndBudgetSpent()
    {
        await using var world = await ConsoleWorld.StartAsync();
        await world.ReleasedAsync();
        await CountedAgreementAsync(world);
        var (session, page) = await SignedInAsync(world, world.SupplierKey);
        await using var _ = session;

        await session.VisitAsync(page, "/usage", "usage");

        // Unbounded: the walkthrough's agreement has no count constraint; it was used once.
        var used = await world.GetAsync("/api/v1/agreements/agr/usage");
        Assert.Equal(1, used.GetProperty("uses").GetInt64());
        Assert.Equal(JsonValueKind.Null, used.GetProperty("useLimit").ValueKind);
        Assert.Equal("1", await page.Locator("[data-agreement='agr'] .uses").InnerTextAsync());
        Assert.Equal("no limit", await page.Locator("[data-agreement='agr'] .use-limit").InnerTextAsync());

        // Bounded: count lteq 5, not used yet; the gauge is drawn with the used and left parts.
        var counted = await world.GetAsync("/api/v1/agreements/agr-counted/usage");
        Assert.Equal((0, 5), (counted.GetProperty("uses").GetInt64(), counted.GetProperty("useLimit").GetInt64()));
        Assert.Equal("0", await page.Locator("[data-agreement='agr-counted'] .uses").InnerTextAsync());
        Assert.Equal("5", await page.Locator("[data-agreement='agr-counted'] .use-limit").InnerTextAsync());
        Assert.Equal(new double[] { 0, 5 }, await GaugeDataAsync(page.Locator("[data-agreement='agr-counted'] canvas")));

        // The agreement's privacy budget: epsilon spent by the run against the limit the connector reports.
        var account = (await world.GetAsync("/api/v1/budget?dataset=tax"))[0].GetProperty("accounts").EnumerateArray()
            .Single(a => a.GetProperty("account").GetString() == "agreement/agr");
        var (spent, limit) = (account.GetProperty("epsilon").GetDecimal(), account.GetProperty("epsilonLimit").GetDecimal());
        Assert.Equal(1m, spent);
        var gauge = page.Locator("[data-account='agreement/agr']");
        Assert.Equal(spent.ToString("#,0.########", English), await gauge.Locator(".spent").InnerTextAsync());
        Assert.Equal(limit.ToString("#,0.########", English), await gauge.Locator(".limit").InnerTextAsync());
        Assert.Equal(new[] { (double)spent, (double)(limit - spent) }, await GaugeDataAsync(gauge.Locator("canvas")));
    }

    [Fact]
    public async Task AuditLog_FilteredByAction_ShowsOnlyThatActionPageByPage_AndABadFilterShowsTheConnectorsProblem()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var (session, page) = await SignedInAsync(world, world.SupplierKey);
        await using var _ = session;
        var expected = (await world.GetAsync("/api/v1/audit/search?action=party.add&limit=500")).EnumerateArray()
            .Select(e => e.GetProperty("index").GetInt64().ToString("N0", English)).ToList();
        Assert.Equal(3, expected.Count);

        await session.VisitAsync(page, "/audit/log?limit=2", "log");
        await page.Locator("#filter-action").SelectOptionAsync("party.add");
        await page.Locator("#filter").ClickAsync();
        await page.WaitForURLAsync("**/audit/log?action=party.add*");
        var first = await RowsAsync(page);
        await page.Locator("#next-page").ClickAsync();
        await page.WaitForURLAsync("**cursor=*");
        await session.ScreenshotAsync(page, "log-next-page");
        var second = await RowsAsync(page);

        Assert.Equal(2, first.Count);
        Assert.Single(second);
        Assert.All(first.Concat(second), row => Assert.Equal("party.add", row.Action));
        Assert.Equal(expected, first.Concat(second).Select(row => row.Index));
        Assert.Equal(0, await page.Locator("#next-page").CountAsync());

        // By dataset: the entries naming tax (its registration, offer, agreement), as the connector's dataset filter finds them.
        var naming = (await world.GetAsync("/api/v1/audit/search?dataset=tax&limit=500")).EnumerateArray()
            .Select(e => e.GetProperty("index").GetInt64().ToString("N0", English)).ToList();
        await session.VisitAsync(page, "/audit/log?limit=500", "log-all");
        await page.Locator("#filter-dataset").FillAsync("tax");
        await page.Locator("#filter").ClickAsync();
        await page.WaitForURLAsync("**dataset=tax*");
        Assert.Equal(["dataset.register", "offer.create", "agreement.create"], (await RowsAsync(page)).Select(row => row.Action));
        Assert.Equal(naming, (await RowsAsync(page)).Select(row => row.Index));
        Assert.Equal(["tax", "tax", "tax"], await page.Locator("#log-entries tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.datasets)"));

        await session.VisitAsync(page, "/audit/log?party=" + Uri.EscapeDataString("合作方"), "log-bad-filter");
        Assert.Contains("actor: must be 1 to 256 printable ASCII characters", await page.Locator("#problem").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#log-entries").CountAsync());
    }

    [Fact]
    public async Task AuditLog_InChinese_TheFilterAndItsResultsHaveChineseLabels()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var console = await world.ConsoleAsync(world.AuditorKey);
        await using var session = await browser.NewSessionAsync(console.Address, new BrowserNewContextOptions { Locale = "zh-CN" });
        var (page, _) = await session.OpenAsync(console.LoginLink.PathAndQuery, "home");

        await session.VisitAsync(page, "/audit/log?action=dataset.register", "log-chinese");

        Assert.Equal("zh-CN", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("审计日志", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("操作", await page.Locator("label[for='filter-action']").InnerTextAsync());
        Assert.Equal("起始日期", await page.Locator("label[for='filter-from']").InnerTextAsync());
        Assert.Equal("筛选", (await page.Locator("#filter").InnerTextAsync()).Trim());
        Assert.Equal("dataset.register", await page.Locator("#filter-action").InputValueAsync());
        Assert.Equal(["序号", "时间", "操作", "参与方", "资源", "决定"],
            (await page.Locator("#log-entries thead th").AllInnerTextsAsync()).Select(t => t.Trim()));
        Assert.Equal("dataset.register", (await RowsAsync(page)).Single().Action);
    }

    /// <summary>An offer limited to five uses (<c>count lteq 5</c>) and the operator's agreement <c>agr-counted</c> on it.</summary>
    private static async Task CountedAgreementAsync(ConsoleWorld world)
    {
        using var supplier = new HttpClient(new SigningHandler(world.SupplierKey)) { BaseAddress = world.Connector.BaseAddress };
        using var offer = await supplier.PostAsJsonAsync("/api/v1/offers", new
        {
            id = "counted", dataset = "tax", policy = JsonNode.Parse("""
                {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Offer",
                 "uid": "urn:offer:counted", "target": "tax",
                 "permission": [{"action": "dsc:computeAggregate", "constraint": [{"leftOperand": "count", "operator": "lteq", "rightOperand": 5}]}]}
                """),
        });
        Assert.True(offer.IsSuccessStatusCode, await offer.Content.ReadAsStringAsync());
        using var operatorClient = new HttpClient(new SigningHandler(world.OperatorKey)) { BaseAddress = world.Connector.BaseAddress };
        var request = SignedStatement.Sign("dataspace/agreement-request/v1", new JsonObject
        {
            ["agreement"] = "agr-counted", ["offer"] = "counted", ["purpose"] = "statistics",
            ["validUntil"] = DateTimeOffset.UtcNow.AddDays(30).ToString("O", CultureInfo.InvariantCulture),
        }, world.OperatorKey);
        using var agreement = await operatorClient.PostAsJsonAsync("/api/v1/agreements", new { statement = JsonNode.Parse(request.ToString()) });
        Assert.True(agreement.IsSuccessStatusCode, await agreement.Content.ReadAsStringAsync());
    }

    /// <summary>The data Chart.js drew the gauge with (used, left): proof that the script ran on the page's numbers.</summary>
    private static async Task<double[]> GaugeDataAsync(ILocator canvas) =>
        await canvas.EvaluateAsync<double[]>("c => Chart.getChart(c).data.datasets[0].data");

    private static async Task<List<(string Index, string Action)>> RowsAsync(IPage page)
    {
        var rows = new List<(string, string)>();
        foreach (var row in await page.Locator("#log-entries tbody tr").AllAsync())
        {
            rows.Add(((await row.Locator(".entry-link").InnerTextAsync()).Trim(), (await row.Locator(".action").InnerTextAsync()).Trim()));
        }

        return rows;
    }

    private async Task<(BrowserSession Session, IPage Page)> SignedInAsync(
        ConsoleWorld world, SigningKey key, [System.Runtime.CompilerServices.CallerMemberName] string testName = "")
    {
        var console = await world.ConsoleAsync(key);
        var session = await browser.NewSessionAsync(console.Address, testName: testName);
        var (page, login) = await session.OpenAsync(console.LoginLink.PathAndQuery, "home");
        Assert.Equal(200, login.Status);
        return (session, page);
    }
}

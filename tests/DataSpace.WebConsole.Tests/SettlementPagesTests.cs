using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Http;
using DataSpace.Connector.Settlement;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using DataSpace.WebConsole.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DataSpace.WebConsole.Tests;

/// <summary>
/// The walkthrough's settlement step in a real browser (issue 17; docs/console.md, "Settlement"; docs/metering.md): the
/// operator sees its run's price on the job page, the supplier previews the month (the same runs and amounts as the
/// connector's preview, in English and in Chinese), and closing a month that has not ended is refused with the
/// connector's reason and changes nothing. The tests' connector runs on the real clock, so the month its runs are in
/// cannot be closed here; the closed statement's view and its verification against the log are tested on a connector
/// whose clock starts 40 days back (<see cref="ClosedStatement_VerifyAgainstTheLog_EveryCheckPasses"/>).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SettlementPagesTests(BrowserFixture browser)
{
    /// <summary>The world's statistics offer with a price: 20.00 CNY per run and 1.00 CNY per 10,000 rows (docs/metering.md).</summary>
    private const string PricedPolicy = """
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Offer",
         "uid": "urn:offer:priced", "target": "tax",
         "permission": [{"action": "dsc:computeAggregate",
           "constraint": [
             {"leftOperand": "dsc:epsilon", "operator": "lteq", "rightOperand": 4.0},
             {"leftOperand": "dsc:groupSize", "operator": "gteq", "rightOperand": 10},
             {"leftOperand": "dsc:column", "operator": "isPartOf", "rightOperand": ["industry", "income", "tax"]}],
           "duty": [
             {"action": "compensate", "constraint": [
               {"leftOperand": "payAmount", "operator": "eq", "rightOperand": 20.00, "unit": "dsc:CNY"},
               {"leftOperand": "dsc:priceBasis", "operator": "eq", "rightOperand": {"@id": "dsc:perRun"}}]},
             {"action": "compensate", "constraint": [
               {"leftOperand": "payAmount", "operator": "eq", "rightOperand": 1.00, "unit": "dsc:CNY"},
               {"leftOperand": "dsc:priceBasis", "operator": "eq", "rightOperand": {"@id": "dsc:perTenThousandRows"}}]}]}]}
        """;

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    [Fact]
    public async Task Preview_PricedRunOfThisMonth_ShowsTheConnectorsRunsAndAmounts_InBothLanguages_AndClosingTheMonthIsRefused()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var job = await PricedRunAsync(world.Connector.BaseAddress, world.SupplierKey, world.OperatorKey, world.DataUserKey, TimeProvider.System);
        var period = SettlementPeriod.Of(DateTimeOffset.UtcNow).ToString();
        var preview = Assert.Single((await world.GetAsync("/api/v1/settlements/preview?period=" + period)).EnumerateArray());
        // 20.00 CNY for the run and 400 rows at 1.00 CNY per 10,000: 2,004 fen, shared 50/50.
        Assert.Equal(2004, preview.GetProperty("chargedFen").GetInt64());
        var console = await world.ConsoleAsync(world.SupplierKey);
        await using var session = await browser.NewSessionAsync(console.Address);
        var (page, _) = await session.OpenAsync(console.LoginLink.PathAndQuery, "home");

        await session.VisitAsync(page, "/settlements", "preview");

        Assert.Equal(period, await page.Locator("#period").InputValueAsync());
        await AssertPreviewAsync(page, preview, English, "CNY ");
        var run = Assert.Single(preview.GetProperty("body").GetProperty("runs").EnumerateArray());
        var runRow = page.Locator($"tr[data-runs-of='agr-priced'] tr[data-run='{run.GetProperty("index").GetInt64()}']");
        Assert.Equal(job, await runRow.GetAttributeAsync("data-job"));
        Assert.Equal("CNY " + (decimal.Parse(run.GetProperty("exactFen").GetString()!, CultureInfo.InvariantCulture) / 100m).ToString("N2", English),
            await runRow.Locator(".exact").TextContentAsync());

        await page.Locator("#close-period").ClickAsync();
        await page.WaitForURLAsync("**/settlements?period=*&error=*");
        await session.ScreenshotAsync(page, "close-refused");

        Assert.Contains($"period {period} is not over: it ends at ", await page.Locator("#message").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (await world.GetAsync("/api/v1/settlements?period=" + period)).GetArrayLength());
        Assert.Equal(2004, Assert.Single((await world.GetAsync("/api/v1/settlements/preview?period=" + period)).EnumerateArray()).GetProperty("chargedFen").GetInt64());
        Assert.True(await page.Locator("#no-statements").IsVisibleAsync());

        await session.VisitAsync(page, "/culture?c=zh-CN&back=%2Fsettlements", "preview-chinese");

        Assert.Equal("结算", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("应收金额", (await page.Locator("#preview thead th").Nth(2).InnerTextAsync()).Trim());
        await AssertPreviewAsync(page, preview, Chinese, "¥");
    }

    [Fact]
    public async Task JobStatus_PricedRun_ShowsTheOperatorTheRunsPrice()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var job = await PricedRunAsync(world.Connector.BaseAddress, world.SupplierKey, world.OperatorKey, world.DataUserKey, TimeProvider.System);
        var console = await world.ConsoleAsync(world.OperatorKey);
        await using var session = await browser.NewSessionAsync(console.Address);
        var (page, _) = await session.OpenAsync(console.LoginLink.PathAndQuery, "home");

        await session.VisitAsync(page, "/jobs/" + job, "job");

        var charge = await page.Locator("#job-charge").InnerTextAsync();
        Assert.Contains($"CNY 20.04 exact, in the settlement of {SettlementPeriod.Of(DateTimeOffset.UtcNow)}", charge, StringComparison.Ordinal);
        var lines = (await world.GetAsync("/api/v1/jobs/" + job)).GetProperty("charge").GetProperty("lines").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal(lines, await page.Locator("#job-charge li").AllInnerTextsAsync());
    }

    [Fact]
    public async Task ClosedStatement_VerifyAgainstTheLog_EveryCheckPasses()
    {
        // The connector's clock starts 40 days back: the run falls in a month that has ended once the clock is set right.
        var clock = new ShiftedClock(TimeSpan.FromDays(-40));
        var root = Directory.CreateTempSubdirectory("dsc-console-settlement-tests-").FullName;
        using var operatorKey = SignatureSuites.Ed25519.GenerateKey();
        using var dataUserKey = SignatureSuites.P256.GenerateKey();
        using var auditorKey = SignatureSuites.Sm2.GenerateKey();
        var app = ConnectorHost.Build(
        [
            $"--Connector:DataDirectory={Path.Combine(root, "data")}", $"--Connector:DataRoots:0={root}", "--Connector:Urls=http://127.0.0.1:0",
            "--Connector:Logging:Console=None", "--Connector:Jobs:PublishGrid=00:00:00",
        ], new ConnectorHostHooks { ConfigureBuilder = builder => builder.Services.AddSingleton<TimeProvider>(clock) });
        try
        {
            await app.StartAsync();
            using var supplierKey = KeyFiles.LoadSigningKey(app.DataDirectory.KeyFile);
            using (var supplier = new HttpClient(new SigningHandler(supplierKey, clock)) { BaseAddress = app.Addresses[0] })
            {
                foreach (var (id, role, key) in new[] { ("urn:party:operator", "Operator", operatorKey), ("urn:party:bank", "DataUser", dataUserKey), ("urn:party:auditor", "Auditor", auditorKey) })
                {
                    await SendAsync(supplier, HttpMethod.Post, "/api/v1/parties", new { id, name = id, role, publicKeys = new[] { key.PublicKey.ExportPem() } });
                }

                var file = Path.Combine(root, "tax.csv");
                await File.WriteAllTextAsync(file, "enterprise_id,industry,income,tax\n" + string.Concat(Enumerable.Range(0, 60).Select(i =>
                    string.Create(CultureInfo.InvariantCulture, $"E{i:D6},{(i % 3 == 0 ? "catering" : i % 3 == 1 ? "retail" : "software")},{1000 + (i * 17.5):0.00},{10 + (i % 40):0.00}\n"))));
                await SendAsync(supplier, HttpMethod.Post, "/api/v1/datasets", new
                {
                    id = "tax", name = "Enterprise tax", location = file, classificationLevel = 2, columns = new Dictionary<string, string> { ["enterprise_id"] = "identifying" },
                });
            }

            var job = await PricedRunAsync(app.Addresses[0], supplierKey, operatorKey, dataUserKey, clock);
            clock.Shift = TimeSpan.Zero;
            using var auditorClient = new HttpClient(new SigningHandler(auditorKey)) { BaseAddress = app.Addresses[0] };
            var period = SettlementPeriod.Of((await SendAsync(auditorClient, HttpMethod.Get, "/api/v1/jobs/" + job, null)).GetProperty("finishedAt").GetDateTimeOffset()).ToString();
            using (var supplier = new HttpClient(new SigningHandler(supplierKey)) { BaseAddress = app.Addresses[0] })
            {
                await SendAsync(supplier, HttpMethod.Post, "/api/v1/settlements", new { period });
            }

            var console = ConsoleHost.Build(new ConsoleSettings(app.Addresses[0], new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)), auditorKey);
            await console.StartAsync();
            try
            {
                await using var session = await browser.NewSessionAsync(console.Address);
                var (page, _) = await session.OpenAsync(console.LoginLink.PathAndQuery, "home");
                await session.VisitAsync(page, "/settlements?period=" + period, "closed");
                Assert.Equal(0, await page.Locator("#close-period").CountAsync());
                await page.Locator("#statements tr[data-agreement='agr-priced'] a").ClickAsync();
                await page.WaitForURLAsync($"**/settlements/{period}/agr-priced");
                Assert.Equal("CNY 20.01", await page.Locator("#summary-charged").InnerTextAsync());
                Assert.Equal(job, await page.Locator("tr[data-job]").GetAttributeAsync("data-job"));

                await page.Locator("#verify").ClickAsync();
                await page.WaitForURLAsync("**?verify=1");
                await session.ScreenshotAsync(page, "verified");

                Assert.Contains("alert-success", await page.Locator("#verification").GetAttributeAsync("class"), StringComparison.Ordinal);
                Assert.Equal(Enum.GetValues<SettlementCheck>().Length, await page.Locator("#checks li[data-state='passed']").CountAsync());
            }
            finally
            {
                await console.StopAsync();
                await console.DisposeAsync();
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Each preview figure of the agreement, as the page shows it: yuan from fen in <paramref name="culture"/>.</summary>
    private static async Task AssertPreviewAsync(IPage page, JsonElement preview, CultureInfo culture, string currency)
    {
        var row = page.Locator("#preview tr[data-agreement='agr-priced']");
        Assert.Equal(preview.GetProperty("runs").GetInt64().ToString("N0", culture), await row.Locator(".runs").InnerTextAsync());
        foreach (var (cell, field) in new[] { ("charged", "chargedFen"), ("supplier", "supplierFen"), ("operator", "operatorFen"), ("before", "cumulativeBeforeFen") })
        {
            Assert.Equal(currency + (preview.GetProperty(field).GetInt64() / 100m).ToString("N2", culture), await row.Locator("." + cell).InnerTextAsync());
        }
    }

    /// <summary>
    /// Through the API, as the walkthrough does with dsc: the supplier offers the priced policy, the operator concludes
    /// agreement <c>agr-priced</c> on it and submits a plan job, the supplier approves it, and it runs until released.
    /// Every request is signed at <paramref name="clock"/>'s time (the connector's). Returns the job's id.
    /// </summary>
    internal static async Task<string> PricedRunAsync(Uri connector, SigningKey supplierKey, SigningKey operatorKey, SigningKey dataUserKey, TimeProvider clock)
    {
        using var supplier = new HttpClient(new SigningHandler(supplierKey, clock)) { BaseAddress = connector };
        using var operatorClient = new HttpClient(new SigningHandler(operatorKey, clock)) { BaseAddress = connector };
        await SendAsync(supplier, HttpMethod.Post, "/api/v1/offers", new { id = "priced", dataset = "tax", policy = JsonNode.Parse(PricedPolicy) });
        var request = SignedStatement.Sign("dataspace/agreement-request/v1", new JsonObject
        {
            ["agreement"] = "agr-priced", ["offer"] = "priced", ["purpose"] = "statistics",
            ["validUntil"] = clock.GetUtcNow().AddDays(90).ToString("O", CultureInfo.InvariantCulture),
        }, operatorKey);
        await SendAsync(operatorClient, HttpMethod.Post, "/api/v1/agreements", new { statement = JsonNode.Parse(request.ToString()) });
        var job = (await SendAsync(operatorClient, HttpMethod.Post, "/api/v1/jobs", new
        {
            manifest = new JsonObject { ["agreement"] = "agr-priced", ["dataset"] = "tax", ["recipient"] = dataUserKey.PublicKey.ExportPem(), ["epsilon"] = 1.0 },
            plan = JsonNode.Parse("""
                {"format": "dataspace/analysis-plan/v1", "dataset": "tax",
                 "groupBy": [{"column": "industry", "values": ["catering", "retail", "software"]}],
                 "measures": [{"column": "income", "bounds": [0, 10000]}]}
                """),
        })).GetProperty("id").GetString()!;
        await SendAsync(supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null);
        var state = "";
        for (var attempt = 0; attempt < 1500 && state != "Released"; attempt++)
        {
            await Task.Delay(20);
            state = (await SendAsync(supplier, HttpMethod.Get, "/api/v1/jobs/" + job, null)).GetProperty("state").GetString()!;
        }

        Assert.Equal("Released", state);
        return job;
    }

    /// <summary>The system clock moved by <see cref="Shift"/>, which the test sets right once the runs are in.</summary>
    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public TimeSpan Shift { get; set; } = shift;

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Shift;
    }

    internal static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, object? body)
    {
        using var message = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}

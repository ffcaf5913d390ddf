using System.Globalization;
using System.Text;
using DataSpace.WebConsole.Tests.Support;
using Microsoft.Playwright;

namespace DataSpace.WebConsole.Tests;

/// <summary>
/// The README walkthrough done in the browser (issue 17, "done when": all four roles do every step in the browser),
/// against real processes: the tax bureau's <c>dsc serve</c> and <c>dsc gateway</c>, and one <c>dsc console</c> process
/// per party, the supplier's on the connector and the others' on the gateway, as docs/console.md says to run them.
/// Nothing is set up through the API: trust list, dataset, offer, agreement, job, approval, result, log verification,
/// disclosure and a reviewed custom output are each one party's clicks. No response any browser received holds a line
/// of any party's private key.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WalkthroughInTheBrowserTests(BrowserFixture browser)
{
    private const string ReviewSource = "/* writes one line: regions reviewed: 3 */\nint dsc_run(void) { return 0; }\n";

    private const string ReviewPolicy = """
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}],
         "@type": "Offer", "uid": "urn:offer:tax-review", "target": "enterprise-tax-2025",
         "permission": [{"action": "dsc:customAnalysis"}]}
        """;

    [Fact]
    public async Task Walkthrough_EveryRoleInTheBrowser_AgainstConnectorGatewayAndConsoleProcesses()
    {
        await using var world = await ProcessWorld.StartAsync();
        var sessions = new List<(BrowserSession Session, string[] KeyLines)>();
        try
        {
            // Tax bureau (supplier), on its connector: trust list, dataset, offers.
            var supplier = await SignInAsync(world, world.SupplierKeyFile, world.ConnectorAddress, "Supplier", sessions);
            await AddPartyAsync(supplier, "urn:party:credit-bureau", "Credit bureau", "Operator", world.OperatorKey);
            await AddPartyAsync(supplier, "urn:party:city-bank", "City bank", "DataUser", world.DataUserKey);
            await AddPartyAsync(supplier, "urn:party:audit-office", "Audit office", "Auditor", world.AuditorKey);
            await RegisterDatasetAsync(supplier, world);
            await CreateOfferAsync(supplier, "tax-statistics", ProcessWorld.Sample("offer-policy.json"));
            await CreateOfferAsync(supplier, "tax-review", ReviewPolicy);

            // Credit bureau (operator), through the gateway: catalogue, agreements, a plan job and a module job.
            await world.WaitUntilTheGatewayTrustsAsync(world.OperatorKey);
            var operatorKey = world.KeyFile(world.OperatorKey, "operator");
            var @operator = await SignInAsync(world, operatorKey, world.GatewayAddress, "Operator", sessions);
            await @operator.Session.VisitAsync(@operator.Page, "/catalog", "catalog");
            Assert.Contains("enterprise-tax-2025", await @operator.Page.Locator("#catalog").InnerTextAsync(), StringComparison.Ordinal);
            await RequestAgreementAsync(@operator, "credit-2025-01", "tax-statistics", "small-business-credit-statistics");
            await RequestAgreementAsync(@operator, "review-2025-01", "tax-review", "regional-review");
            var planJob = await SubmitPlanAsync(@operator, world);
            var moduleJob = await SubmitModuleAsync(@operator, world);

            // Tax bureau reads what it approves on each job's page (the plan; the module's imports and source), and approves.
            await supplier.Session.VisitAsync(supplier.Page, "/jobs/" + planJob, "plan-review");
            Assert.Contains("\"groupBy\"", await supplier.Page.Locator("#submission-program-text").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("credit-2025-01", await supplier.Page.Locator("#submission-manifest").InnerTextAsync(), StringComparison.Ordinal);
            await supplier.Page.Locator("#review-actions button.approve").ClickAsync();
            await supplier.Page.WaitForURLAsync("**/jobs?done=approved*");
            await supplier.Session.VisitAsync(supplier.Page, "/jobs/" + moduleJob, "module-review");
            Assert.Contains("dsc.output", await supplier.Page.Locator("#submission-imports").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal("region, income", await supplier.Page.Locator("#submission-columns").InnerTextAsync());
            Assert.Equal(ReviewSource.Trim(), (await supplier.Page.Locator("#submission-program-text").InnerTextAsync()).Trim());
            await supplier.Page.Locator("#review-actions button.approve").ClickAsync();
            await supplier.Page.WaitForURLAsync("**/jobs?done=approved*");

            await @operator.Session.VisitAsync(@operator.Page, "/jobs/" + planJob, "job");
            await @operator.Page.Locator("#job-state[data-state='Released']").WaitForAsync(new() { Timeout = 90_000 });
            await @operator.Session.ScreenshotAsync(@operator.Page, "released");
            await @operator.Session.VisitAsync(@operator.Page, "/jobs", "history");
            Assert.Equal("Released", await @operator.Page.Locator($"tr[data-job='{planJob}'] .state").InnerTextAsync());
            Assert.Equal(1, await @operator.Page.Locator($"tr[data-job='{moduleJob}']").CountAsync());

            // The module job's output is held for review: the tax bureau reads it and releases it.
            await supplier.Session.VisitAsync(supplier.Page, "/reviews", "reviews");
            var card = supplier.Page.Locator($"div.card[data-job='{moduleJob}']");
            for (var attempt = 0; attempt < 300 && await card.CountAsync() == 0; attempt++)
            {
                await Task.Delay(200);
                await supplier.Page.ReloadAsync();
            }

            Assert.Equal("regions reviewed: 3", (await card.Locator("pre.output").InnerTextAsync()).Trim());
            await card.Locator("button.release").ClickAsync();
            await supplier.Page.WaitForURLAsync("**/reviews?done=released*");

            // City bank (data user), through the gateway: both results, each receipt checked, the plan's as a table.
            await world.WaitUntilTheGatewayTrustsAsync(world.DataUserKey);
            var bank = await SignInAsync(world, world.KeyFile(world.DataUserKey, "bank"), world.GatewayAddress, "DataUser", sessions);
            await bank.Session.VisitAsync(bank.Page, "/results/" + planJob, "result");
            Assert.Equal(5, await bank.Page.Locator("#receipt li.list-group-item-success").CountAsync());
            Assert.True(await bank.Page.Locator("#result tbody tr").CountAsync() > 1);
            Assert.Equal(0, await bank.Page.Locator("#not-pinned").CountAsync());
            await bank.Session.VisitAsync(bank.Page, "/results/" + moduleJob, "reviewed-result");
            Assert.Equal(5, await bank.Page.Locator("#receipt li.list-group-item-success").CountAsync());
            Assert.Equal("regions reviewed: 3", (await bank.Page.Locator("#output").InnerTextAsync()).Trim());

            // Audit office, through the gateway: the whole log verified, and the disclosure report.
            await world.WaitUntilTheGatewayTrustsAsync(world.AuditorKey);
            var auditor = await SignInAsync(world, world.KeyFile(world.AuditorKey, "auditor"), world.GatewayAddress, "Auditor", sessions);
            await VerifyLogAsync(auditor);
            await auditor.Session.VisitAsync(auditor.Page, "/disclosure", "disclosure");
            Assert.Equal("2", await auditor.Page.Locator("tr[data-dataset='enterprise-tax-2025'] .released").InnerTextAsync());
            await auditor.Session.VisitAsync(auditor.Page, "/audit/log?action=result.release", "log");
            Assert.Equal(2, await auditor.Page.Locator("#log-entries tbody tr").CountAsync());
            await auditor.Session.VisitAsync(auditor.Page, "/usage", "usage");
            Assert.Equal(0, await auditor.Page.Locator("#use-gauges .text-danger").CountAsync());
            Assert.Equal(1, await auditor.Page.Locator("div.use-gauge[data-agreement='credit-2025-01']").CountAsync());

            // The console kept every key to itself: no response any browser received holds a line of one.
            // Every page is closed first, ending any server-sent event stream still open, so every body can be read.
            foreach (var (session, keyLines) in sessions)
            {
                foreach (var open in session.Context.Pages.ToList())
                {
                    await open.CloseAsync();
                }

                var received = await session.Responses.SettleAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
                Assert.NotEmpty(received);
                Assert.Empty(ResponseRecorder.Find(received, keyLines));
            }
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\nwhat the processes printed:\n{world.Describe()}", e);
        }
        finally
        {
            foreach (var (session, _) in sessions)
            {
                await session.DisposeAsync();
            }
        }
    }

    private async Task<Party> SignInAsync(ProcessWorld world, string keyFile, Uri url, string role, List<(BrowserSession, string[])> sessions)
    {
        // Every party but the tax bureau pins the connector's key the tax bureau handed it (README walkthrough).
        var login = role == "Supplier" ? await world.ConsoleAsync(keyFile, url) : await world.ConsoleAsync(keyFile, url, "--connector-key", world.ConnectorPublicKeyFile);
        var session = await browser.NewSessionAsync(new Uri(login.GetLeftPart(UriPartial.Authority)), testFile: nameof(WalkthroughInTheBrowserTests), testName: role);
        sessions.Add((session, KeyLines(keyFile)));
        var (page, response) = await session.OpenAsync(login.PathAndQuery, "home");
        Assert.Equal(200, response.Status);
        Assert.Equal(role, await page.Locator("#role").GetAttributeAsync("data-role"));
        return new Party(session, page);
    }

    private static async Task AddPartyAsync(Party supplier, string id, string name, string role, DataSpace.Crypto.Signatures.SigningKey key)
    {
        await supplier.Session.VisitAsync(supplier.Page, "/parties", "parties");
        await supplier.Page.Locator("#party-id").FillAsync(id);
        await supplier.Page.Locator("#party-name").FillAsync(name);
        await supplier.Page.Locator("#party-role").SelectOptionAsync(role);
        await supplier.Page.Locator("#party-key").FillAsync(key.PublicKey.ExportPem());
        await supplier.Page.Locator("#add").ClickAsync();
        await supplier.Page.WaitForURLAsync("**/parties?done=added*");
    }

    private static async Task RegisterDatasetAsync(Party supplier, ProcessWorld world)
    {
        await supplier.Session.VisitAsync(supplier.Page, "/datasets", "datasets");
        await supplier.Page.Locator("#dataset-id").FillAsync("enterprise-tax-2025");
        await supplier.Page.Locator("#dataset-name").FillAsync("Enterprise tax records 2025");
        await supplier.Page.Locator("#dataset-location").FillAsync(world.DatasetFile);
        await supplier.Page.Locator("#dataset-classification").FillAsync("2");
        await supplier.Page.Locator("#dataset-columns").FillAsync("enterprise_id=identifying");
        await supplier.Page.Locator("#register").ClickAsync();
        await supplier.Page.Locator("#registration-done").WaitForAsync(new() { Timeout = 60_000 });
        await supplier.Session.ScreenshotAsync(supplier.Page, "registered");
        var dataset = (await world.GetAsync("/api/v1/catalog")).EnumerateArray().Single(d => d.GetProperty("id").GetString() == "enterprise-tax-2025");
        Assert.Equal(10_000, dataset.GetProperty("rowCount").GetInt64());
    }

    private static async Task CreateOfferAsync(Party supplier, string id, string policy)
    {
        await supplier.Session.VisitAsync(supplier.Page, "/offers", "offers");
        await supplier.Page.Locator("#offer-id").FillAsync(id);
        await supplier.Page.Locator("#policy").FillAsync(policy);
        await supplier.Page.Locator("#create-offer").ClickAsync();
        await supplier.Page.WaitForURLAsync("**/offers?done=created*");
    }

    private static async Task RequestAgreementAsync(Party @operator, string id, string offer, string purpose)
    {
        await @operator.Session.VisitAsync(@operator.Page, "/agreements/request", "request");
        await @operator.Page.Locator("#request-offer").SelectOptionAsync(offer);
        await @operator.Page.Locator("#request-id").FillAsync(id);
        await @operator.Page.Locator("#request-purpose").FillAsync(purpose);
        await @operator.Page.Locator("#request-until").FillAsync(DateTimeOffset.UtcNow.AddDays(180).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await @operator.Page.Locator("#request").ClickAsync();
        await @operator.Page.WaitForURLAsync("**/agreements/request?done=concluded*");
    }

    private static async Task<string> SubmitPlanAsync(Party @operator, ProcessWorld world)
    {
        await @operator.Session.VisitAsync(@operator.Page, "/jobs/new", "new-job");
        await @operator.Page.Locator("#job-agreement").SelectOptionAsync("credit-2025-01");
        await @operator.Page.Locator("#job-dataset").SelectOptionAsync("enterprise-tax-2025");
        await @operator.Page.Locator("#job-epsilon").FillAsync("1");
        await @operator.Page.Locator("#job-recipient").FillAsync(world.DataUserKey.PublicKey.ExportPem());
        await @operator.Page.Locator("#job-plan").FillAsync(ProcessWorld.Sample("plan.json"));
        await @operator.Page.Locator("#submit-job").ClickAsync();
        await @operator.Page.WaitForURLAsync("**/jobs/*?done=submitted");
        return new Uri(@operator.Page.Url).AbsolutePath.Split('/')[^1];
    }

    private static async Task<string> SubmitModuleAsync(Party @operator, ProcessWorld world)
    {
        await @operator.Session.VisitAsync(@operator.Page, "/jobs/new/module", "new-module-job");
        await @operator.Page.Locator("#job-agreement").SelectOptionAsync("review-2025-01");
        await @operator.Page.Locator("#job-dataset").SelectOptionAsync("enterprise-tax-2025");
        await @operator.Page.Locator("#job-recipient").FillAsync(world.DataUserKey.PublicKey.ExportPem());
        await @operator.Page.Locator("#job-manifest").FillAsync("""{"columns": ["region", "income"], "output": "custom"}""");
        await @operator.Page.Locator("#job-module").SetInputFilesAsync(new FilePayload { Name = "report.wasm", MimeType = "application/wasm", Buffer = ConsoleWorld.ReportWasm });
        await @operator.Page.Locator("#job-source").SetInputFilesAsync(new FilePayload { Name = "report.c", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes(ReviewSource) });
        await @operator.Page.Locator("#submit-module-job").ClickAsync();
        await @operator.Page.WaitForURLAsync("**/jobs/*?done=submitted");
        return new Uri(@operator.Page.Url).AbsolutePath.Split('/')[^1];
    }

    private static async Task VerifyLogAsync(Party auditor)
    {
        await auditor.Session.VisitAsync(auditor.Page, "/audit", "audit");
        await auditor.Page.Locator("#verify").ClickAsync();
        await auditor.Page.Locator("#verification").WaitForAsync(new() { Timeout = 60_000 });
        Assert.Contains("The log verifies", await auditor.Page.Locator("#verification").InnerTextAsync(), StringComparison.Ordinal);
        await auditor.Session.ScreenshotAsync(auditor.Page, "verified");
    }

    private static string[] KeyLines(string keyFile) =>
        [.. File.ReadAllLines(keyFile).Where(l => l.Length >= 16 && !l.StartsWith("-----", StringComparison.Ordinal))];

    private sealed record Party(BrowserSession Session, IPage Page);
}

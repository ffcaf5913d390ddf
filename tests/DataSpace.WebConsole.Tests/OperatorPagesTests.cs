using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DataSpace.WebConsole.Tests.Support;
using Microsoft.Playwright;

namespace DataSpace.WebConsole.Tests;

/// <summary>
/// The operator's pages of <c>dsc console</c> in a real browser (issue 17, item 2 "Operator"; docs/console.md): an
/// agreement request signed by the console, a plan job submitted from the form, each refusal shown with the connector's
/// detail, and a job's state followed live by server-sent events, from the jobs list, without reloading the page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class OperatorPagesTests(BrowserFixture browser)
{
    private const string Plan = """
        {"format": "dataspace/analysis-plan/v1", "dataset": "tax",
         "groupBy": [{"column": "industry", "values": ["catering", "retail", "software"]}],
         "measures": [{"column": "income", "bounds": [0, 10000]}]}
        """;

    [Fact]
    public async Task AgreementRequest_SignedByTheConsole_IsConcluded_AndARepeatedIdIsRefusedWithTheConnectorsDetail()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var (session, page) = await OperatorAsync(world);
        await using var _ = session;
        var until = DateTimeOffset.UtcNow.AddDays(60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        await session.VisitAsync(page, "/agreements/request", "request");
        await page.Locator("#request-offer").SelectOptionAsync("stats");
        await page.Locator("#request-id").FillAsync("agr-console");
        await page.Locator("#request-purpose").FillAsync("statistics");
        await page.Locator("#request-until").FillAsync(until);
        await page.Locator("#request").ClickAsync();
        await page.WaitForURLAsync("**/agreements/request?done=concluded*");
        await session.ScreenshotAsync(page, "concluded");

        Assert.Contains("agr-console", await page.Locator("#message").InnerTextAsync(), StringComparison.Ordinal);
        var agreement = (await world.GetAsync("/api/v1/agreements")).EnumerateArray().Single(a => a.GetProperty("id").GetString() == "agr-console");
        Assert.Equal("urn:party:operator", agreement.GetProperty("operatorId").GetString());
        Assert.Equal("stats", agreement.GetProperty("offerId").GetString());
        Assert.Equal(until, agreement.GetProperty("validUntil").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        // The same id again: the connector refuses, the page says why and keeps what was typed.
        await page.Locator("#request-id").FillAsync("agr-console");
        await page.Locator("#request-purpose").FillAsync("statistics");
        await page.Locator("#request").ClickAsync();
        await page.WaitForURLAsync("**/agreements/request?error=*");
        await session.ScreenshotAsync(page, "refused");

        Assert.Contains("agr-console", await page.Locator("#message code").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("agr-console", await page.Locator("#request-id").InputValueAsync());
        Assert.Single((await world.GetAsync("/api/v1/agreements")).EnumerateArray(), a => a.GetProperty("id").GetString() == "agr-console");
        var received = await session.Responses.SettleAsync();
        Assert.Empty(ResponseRecorder.Find(received, ConsoleWorld.KeyLines(world.OperatorKey)));
    }

    [Fact]
    public async Task JobSubmission_PlanAndManifestForm_SubmitsTheJob_AndAnEpsilonOverTheOfferIsRefusedWithItsDetail()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var (session, page) = await OperatorAsync(world);
        await using var _ = session;

        await session.VisitAsync(page, "/jobs/new", "new-job");
        Assert.Contains("dataspace/analysis-plan/v1", await page.Locator("#job-plan").InputValueAsync(), StringComparison.Ordinal);
        await FillJobAsync(page, world, epsilon: "9");
        await page.Locator("#submit-job").ClickAsync();
        await page.WaitForURLAsync("**/jobs/new?error=*");
        await session.ScreenshotAsync(page, "refused");

        // The offer allows epsilon up to 4: the connector's detail names the constraint; the draft is kept.
        Assert.Contains("epsilon", await page.Locator("#message code").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"income\"", await page.Locator("#job-plan").InputValueAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (await world.GetAsync("/api/v1/jobs")).GetArrayLength());

        await page.Locator("#job-epsilon").FillAsync("1");
        await page.Locator("#submit-job").ClickAsync();
        await page.WaitForURLAsync("**/jobs/*?done=submitted");
        await session.ScreenshotAsync(page, "submitted");

        var job = JobIdInPath().Match(new Uri(page.Url).AbsolutePath).Groups[1].Value;
        var view = await world.GetAsync("/api/v1/jobs/" + job);
        Assert.Equal("agr", view.GetProperty("agreementId").GetString());
        Assert.Equal("Submitted", view.GetProperty("state").GetString());
        Assert.Equal("Submitted", await page.Locator("#job-state").InnerTextAsync());
    }

    [Fact]
    public async Task JobStatus_FromTheJobsList_FollowsTheStateLiveUntilReleased_WithoutReloading()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var job = await world.SubmitAsync();
        var (session, page) = await OperatorAsync(world);
        await using var _ = session;

        await session.VisitAsync(page, "/jobs", "jobs");
        await page.Locator($"tr[data-job='{job}'] a.job-link").ClickAsync();
        await page.WaitForURLAsync($"**/jobs/{job}");
        await page.Locator("#job-live").WaitForAsync();
        await session.ScreenshotAsync(page, "submitted");
        Assert.Equal("Submitted", await page.Locator("#job-state").InnerTextAsync());

        var documents = 0;
        page.Request += (_, request) => documents += request.ResourceType == "document" ? 1 : 0;
        await world.ApproveAsync(job);
        await page.Locator("#job-state[data-state='Released']").WaitForAsync(new() { Timeout = 60_000 });
        await page.Locator("#job-live[data-following='ended']").WaitForAsync();
        await session.ScreenshotAsync(page, "released");

        Assert.Equal(0, documents);
        Assert.Equal("Released", await world.StateAsync(job));
        // The stream ended with the job (so the recorder can read it): one event stream, its last event the release.
        var received = await session.Responses.SettleAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        var stream = Assert.Single(received, r => r.Url.EndsWith($"/events/jobs/{job}", StringComparison.Ordinal));
        Assert.StartsWith("text/event-stream", stream.ContentType, StringComparison.Ordinal);
        Assert.True(stream.Body is not null, $"the event stream's body was not read: {stream.Unavailable}");
        Assert.Contains("\"state\":\"Released\"", System.Text.Encoding.UTF8.GetString(stream.Body!), StringComparison.Ordinal);
        Assert.Empty(ResponseRecorder.Find(received, ConsoleWorld.KeyLines(world.OperatorKey)));
    }

    [Fact]
    public async Task JobEvents_WithoutTheSession_AreRefused()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var job = await world.SubmitAsync();
        var console = await world.ConsoleAsync(world.OperatorKey);
        using var anonymous = new HttpClient { BaseAddress = console.Address };

        using var response = await anonymous.GetAsync($"/events/jobs/{job}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task FillJobAsync(IPage page, ConsoleWorld world, string epsilon)
    {
        await page.Locator("#job-agreement").SelectOptionAsync("agr");
        await page.Locator("#job-dataset").SelectOptionAsync("tax");
        await page.Locator("#job-epsilon").FillAsync(epsilon);
        await page.Locator("#job-recipient").FillAsync(world.DataUserKey.PublicKey.ExportPem());
        await page.Locator("#job-plan").FillAsync(Plan);
    }

    /// <summary>The operator's console, signed in, on its home page; screenshots go to the calling test's folder.</summary>
    private async Task<(BrowserSession Session, IPage Page)> OperatorAsync(
        ConsoleWorld world, [System.Runtime.CompilerServices.CallerMemberName] string testName = "")
    {
        var console = await world.ConsoleAsync(world.OperatorKey);
        var session = await browser.NewSessionAsync(console.Address, testName: testName);
        var (page, login) = await session.OpenAsync(console.LoginLink.PathAndQuery, "home");
        Assert.Equal(200, login.Status);
        Assert.Equal("Operator", await page.Locator("#role").GetAttributeAsync("data-role"));
        return (session, page);
    }

    [GeneratedRegex("^/jobs/([^/]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex JobIdInPath();
}

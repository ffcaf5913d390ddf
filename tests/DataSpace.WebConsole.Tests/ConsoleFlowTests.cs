using System.Net;
using DataSpace.Crypto.Signatures;
using DataSpace.WebConsole.Tests.Support;

namespace DataSpace.WebConsole.Tests;

/// <summary>
/// <c>dsc console</c> in a real browser (issue 17; docs/console.md): each role's page against a real connector; the
/// login link works once; a form posted without its anti-forgery token changes nothing; the language switch; and the
/// party's key never appears in anything the browser receives.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleFlowTests(BrowserFixture browser)
{
    [Fact]
    public async Task Supplier_ApprovesTheOperatorsJobInTheBrowser_AndTheKeyNeverReachesIt()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var job = await world.SubmitAsync();
        var console = await world.ConsoleAsync(world.SupplierKey);
        await using var session = await browser.NewSessionAsync(console.Address);

        var (page, login) = await session.OpenAsync(console.LoginLink.PathAndQuery, "home");
        Assert.Equal(200, login.Status);
        Assert.Equal("Supplier", await page.Locator("#role").GetAttributeAsync("data-role"));

        await session.VisitAsync(page, "/jobs", "jobs");
        var row = page.Locator($"tr[data-job='{job}']");
        Assert.Equal("Submitted", await row.Locator(".state").InnerTextAsync());
        await row.Locator("button.approve").ClickAsync();
        await page.WaitForURLAsync("**/jobs?done=approved*");
        await session.ScreenshotAsync(page, "approved");

        Assert.Contains(job, await page.Locator("#message").InnerTextAsync(), StringComparison.Ordinal);
        Assert.NotEqual("Submitted", await world.StateAsync(job));
        var received = await session.Responses.SettleAsync();
        Assert.Empty(ResponseRecorder.Find(received, ConsoleWorld.KeyLines(world.SupplierKey)));
    }

    [Fact]
    public async Task Jobs_MoreThanOnePageOfTheConnectorsList_TheNewestJobIsShownFirst()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var jobs = new List<string>();
        for (var i = 0; i < 55; i++)
        {
            jobs.Add(await world.SubmitAsync());
        }

        var console = await world.ConsoleAsync(world.SupplierKey);
        await using var session = await browser.NewSessionAsync(console.Address);
        var (page, _) = await session.OpenAsync(console.LoginLink.PathAndQuery, "home");

        await session.VisitAsync(page, "/jobs", "jobs");

        // The connector pages its list 50 at a time, oldest first; the console reads every page and shows the newest on top.
        Assert.Equal(55, await page.Locator("#jobs tbody tr").CountAsync());
        Assert.Equal(jobs[^1], await page.Locator("#jobs tbody tr").First.GetAttributeAsync("data-job"));
    }

    [Fact]
    public async Task LoginLink_WorksOnce_AndWithoutTheSessionNothingIsServed()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var console = await world.ConsoleAsync(world.OperatorKey);
        await using var first = await browser.NewSessionAsync(console.Address);
        await using var second = await browser.NewSessionAsync(console.Address);

        var (_, opened) = await first.OpenAsync(console.LoginLink.PathAndQuery, "signed-in");
        var (_, again) = await second.OpenAsync(console.LoginLink.PathAndQuery, "link-spent");
        var (_, home) = await second.OpenAsync("/", "no-session");
        var (_, guessed) = await second.OpenAsync("/login?token=" + new string('A', 43), "guessed");

        Assert.Equal(200, opened.Status);
        Assert.Equal(403, again.Status);
        Assert.Equal(401, home.Status);
        Assert.Equal(403, guessed.Status);
    }

    [Fact]
    public async Task ForgedPost_WithoutTheAntiforgeryToken_IsRefusedAndTheJobStaysSubmitted()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var job = await world.SubmitAsync();
        var console = await world.ConsoleAsync(world.SupplierKey);
        await using var session = await browser.NewSessionAsync(console.Address);
        await session.OpenAsync(console.LoginLink.PathAndQuery, "home");

        // With the session cookie (as a hostile page on another tab could not even send, SameSite=Strict) but no token.
        var forged = await session.Context.APIRequest.PostAsync($"/actions/jobs/{job}/approve",
            new() { Form = session.Context.APIRequest.CreateFormData().Set("confirm", "yes") });

        Assert.Equal((int)HttpStatusCode.BadRequest, forged.Status);
        Assert.Equal("Submitted", await world.StateAsync(job));
    }

    [Fact]
    public async Task LanguageSwitch_ShowsThePagesInChinese()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var console = await world.ConsoleAsync(world.AuditorKey);
        await using var session = await browser.NewSessionAsync(console.Address);
        var (page, _) = await session.OpenAsync(console.LoginLink.PathAndQuery, "english");
        Assert.Equal("中文", await page.Locator("#language").InnerTextAsync());

        await page.Locator("#language").ClickAsync();
        await page.WaitForURLAsync("**/");
        await session.ScreenshotAsync(page, "chinese");

        Assert.Equal("English", await page.Locator("#language").InnerTextAsync());
        Assert.Contains("当前身份", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("审计方", await page.Locator("#role").InnerTextAsync());
        Assert.Equal("zh-CN", await page.Locator("html").GetAttributeAsync("lang"));
    }

    [Fact]
    public async Task DataUser_OpensTheResultInTheConsole_ReceiptChecksAndTableAndChart()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var job = await world.ReleasedAsync();
        var console = await world.ConsoleAsync(world.DataUserKey);
        await using var session = await browser.NewSessionAsync(console.Address);
        var (page, _) = await session.OpenAsync(console.LoginLink.PathAndQuery, "home");

        await session.VisitAsync(page, "/results/" + job, "result");

        Assert.Equal(5, await page.Locator("#receipt li.list-group-item-success").CountAsync());
        Assert.Equal(3, await page.Locator("#result tbody tr").CountAsync());
        Assert.True(await page.Locator("#counts-chart").IsVisibleAsync());
        Assert.True(await page.Locator("#not-pinned").IsVisibleAsync());
        var received = await session.Responses.SettleAsync();
        Assert.Empty(ResponseRecorder.Find(received, ConsoleWorld.KeyLines(world.DataUserKey)));
    }

    [Fact]
    public async Task DataUser_ConsolePinnedToAnotherKey_TheSignatureCheckFails_AndNothingIsOpened()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var job = await world.ReleasedAsync();
        using var impostor = SignatureSuites.Ed25519.GenerateKey();
        var console = await world.ConsoleAsync(world.DataUserKey, impostor.PublicKey);
        await using var session = await browser.NewSessionAsync(console.Address);
        var (page, _) = await session.OpenAsync(console.LoginLink.PathAndQuery, "home");

        await session.VisitAsync(page, "/results/" + job, "result");

        // The connector's receipt is not signed by the pinned key: the first check fails, the rest do not run, and the
        // envelope stays sealed (no table, no output).
        Assert.Equal("Failed", await page.Locator("#receipt li[data-check='CheckSignature']").GetAttributeAsync("data-outcome"));
        Assert.Equal(4, await page.Locator("#receipt li[data-outcome='NotRun']").CountAsync());
        Assert.Equal(0, await page.Locator("#result").CountAsync() + await page.Locator("#output").CountAsync());
        Assert.Equal(0, await page.Locator("#not-pinned").CountAsync());

        // Pinned to the connector's own key, the same result opens.
        var pinned = await world.ConsoleAsync(world.DataUserKey, world.SupplierKey.PublicKey);
        await using var second = await browser.NewSessionAsync(pinned.Address);
        var (page2, _) = await second.OpenAsync(pinned.LoginLink.PathAndQuery, "home");
        await second.VisitAsync(page2, "/results/" + job, "result-pinned");
        Assert.Equal(5, await page2.Locator("#receipt li.list-group-item-success").CountAsync());
        Assert.Equal(3, await page2.Locator("#result tbody tr").CountAsync());
    }

    [Fact]
    public async Task Auditor_VerifiesTheSignedLogFromTheConsole()
    {
        await using var world = await ConsoleWorld.StartAsync();
        await world.ReleasedAsync();
        var console = await world.ConsoleAsync(world.AuditorKey);
        await using var session = await browser.NewSessionAsync(console.Address);
        var (page, _) = await session.OpenAsync(console.LoginLink.PathAndQuery, "home");

        await session.VisitAsync(page, "/audit", "audit");
        await page.Locator("#verify").ClickAsync();
        await page.WaitForURLAsync("**/audit?verification=*");
        await page.Locator("#verification").WaitForAsync(); // verified in the background; the page reloads when done
        await session.ScreenshotAsync(page, "verified");

        Assert.Contains("The log verifies", await page.Locator("#verification").InnerTextAsync(), StringComparison.Ordinal);
        Assert.StartsWith("dataspace/", await page.Locator("#checkpoint").InnerTextAsync(), StringComparison.Ordinal); // a C2SP checkpoint: origin first
    }

    [Fact]
    public async Task Listen_OnANonLoopbackAddress_IsRefused()
    {
        await using var world = await ConsoleWorld.StartAsync();

        var refused = Assert.Throws<ConsoleConfigurationException>(() => ConsoleHost.Build(
            new ConsoleSettings(world.Connector.BaseAddress, new IPEndPoint(IPAddress.Any, 0)), world.OperatorKey));

        Assert.Contains("loopback", refused.Message, StringComparison.Ordinal);
    }
}

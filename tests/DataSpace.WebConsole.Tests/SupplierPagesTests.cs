using System.Net;
using DataSpace.Crypto.Signatures;
using DataSpace.WebConsole.Tests.Support;

namespace DataSpace.WebConsole.Tests;

/// <summary>
/// The supplier's pages of <c>dsc console</c> in a real browser (issue 17, item 2; docs/console.md): each action done in
/// the browser changes the connector's state as the supplier meant, and a form posted without its anti-forgery token
/// changes nothing.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SupplierPagesTests(BrowserFixture browser)
{
    private const string ValidPolicy = """
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Offer",
         "uid": "urn:offer:counts", "target": "tax",
         "permission": [{"action": "dsc:computeAggregate", "constraint": [
           {"leftOperand": "dsc:epsilon", "operator": "lteq", "rightOperand": 1.0},
           {"leftOperand": "dsc:groupSize", "operator": "gteq", "rightOperand": 20}]}]}
        """;

    [Fact]
    public async Task TrustList_AddAPartyInTheBrowser_ItIsOnTheConnectorsTrustList()
    {
        await using var world = await ConsoleWorld.StartAsync();
        using var newcomer = SignatureSuites.Ed25519.GenerateKey();
        var (session, page) = await SupplierAsync(world);
        await using var _ = session;

        await session.VisitAsync(page, "/parties", "parties");
        await page.Locator("#party-id").FillAsync("urn:party:statistics-office");
        await page.Locator("#party-name").FillAsync("Statistics office");
        await page.Locator("#party-role").SelectOptionAsync("Auditor");
        await page.Locator("#party-key").FillAsync(newcomer.PublicKey.ExportPem());
        await page.Locator("#add").ClickAsync();
        await page.WaitForURLAsync("**/parties?done=added*");
        await session.ScreenshotAsync(page, "added");

        Assert.Equal("Auditor", await page.Locator("tr[data-party='urn:party:statistics-office'] .role").InnerTextAsync());
        var party = (await world.GetAsync("/api/v1/parties?role=Auditor")).EnumerateArray().Single(p => p.GetProperty("id").GetString() == "urn:party:statistics-office");
        Assert.Equal(newcomer.PublicKey.KeyId, party.GetProperty("keys")[0].GetProperty("keyId").GetString());
    }

    [Fact]
    public async Task TrustList_ForgedPostWithoutTheAntiforgeryToken_IsRefusedAndAddsNobody()
    {
        await using var world = await ConsoleWorld.StartAsync();
        using var intruder = SignatureSuites.Ed25519.GenerateKey();
        var (session, _) = await SupplierAsync(world);
        await using var _s = session;
        var before = (await world.GetAsync("/api/v1/parties")).GetArrayLength();

        var forged = await session.Context.APIRequest.PostAsync("/actions/parties", new()
        {
            Form = session.Context.APIRequest.CreateFormData()
                .Set("id", "urn:party:intruder").Set("name", "Intruder").Set("role", "Operator").Set("publicKey", intruder.PublicKey.ExportPem()),
        });

        Assert.Equal((int)HttpStatusCode.BadRequest, forged.Status);
        Assert.Equal(before, (await world.GetAsync("/api/v1/parties")).GetArrayLength());
    }

    [Fact]
    public async Task Agreements_RevokeInTheBrowser_TheConnectorRevokesTheAgreement()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var (session, page) = await SupplierAsync(world);
        await using var _ = session;

        await session.VisitAsync(page, "/agreements", "agreements");
        var row = page.Locator("tr[data-agreement='agr']");
        Assert.Contains("statistics", await row.InnerTextAsync(), StringComparison.Ordinal);
        await row.Locator("button.revoke").ClickAsync();
        await page.WaitForURLAsync("**/agreements?done=revoked*");
        await session.ScreenshotAsync(page, "revoked");

        Assert.Equal(0, await page.Locator("tr[data-agreement='agr'] button.revoke").CountAsync());
        var revoked = await world.GetAsync("/api/v1/agreements?state=revoked");
        Assert.Equal("agr", Assert.Single(revoked.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Reviews_ReleaseTheHeldOutputInTheBrowser_TheJobIsReleased()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var job = await world.HeldForReviewAsync();
        var (session, page) = await SupplierAsync(world);
        await using var _ = session;

        await session.VisitAsync(page, "/reviews", "reviews");
        var card = page.Locator($"div.card[data-job='{job}']");
        Assert.Equal("regions reviewed: 3", (await card.Locator("pre.output").InnerTextAsync()).Trim());
        Assert.True(await card.Locator(".findings").IsVisibleAsync());
        await card.Locator("button.release").ClickAsync();
        await page.WaitForURLAsync("**/reviews?done=released*");
        await session.ScreenshotAsync(page, "released");

        Assert.Equal("Released", await world.StateAsync(job));
        Assert.True(await page.Locator("#no-reviews").IsVisibleAsync());
    }

    [Fact]
    public async Task Reviews_RefuseWithAReasonInTheBrowser_TheJobIsRefusedWithTheReason()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var job = await world.HeldForReviewAsync();
        var (session, page) = await SupplierAsync(world);
        await using var _ = session;

        await session.VisitAsync(page, "/reviews", "reviews");
        var card = page.Locator($"div.card[data-job='{job}']");
        await card.Locator("input[name=reason]").FillAsync("not what the agreement is for");
        await card.Locator("button.refuse").ClickAsync();
        await page.WaitForURLAsync("**/reviews?done=refused*");
        await session.ScreenshotAsync(page, "refused");

        var view = await world.GetAsync("/api/v1/jobs/" + job);
        Assert.Equal("Refused", view.GetProperty("state").GetString());
        Assert.Contains("not what the agreement is for", view.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offers_TemplateForAnotherDataset_ShowsTheErrorAtItsPathAndKeepsTheDraft_ThenAFixedPolicyIsOffered()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var (session, page) = await SupplierAsync(world);
        await using var _ = session;

        await session.VisitAsync(page, "/offers", "offers");
        await page.Locator("#template").SelectOptionAsync("aggregate-statistics");
        await page.Locator("#load-template").ClickAsync();
        await page.WaitForURLAsync("**/offers?template=aggregate-statistics");
        Assert.Contains("urn:dataset:enterprise-tax-2024", await page.Locator("#policy").InputValueAsync(), StringComparison.Ordinal);
        await page.Locator("#offer-id").FillAsync("counts");
        await page.Locator("#create-offer").ClickAsync();
        await page.WaitForURLAsync("**/offers?error=*");
        await session.ScreenshotAsync(page, "refused");

        // The samples name their own dataset: the connector refuses the target, and says where.
        Assert.Contains("target: the target 'urn:dataset:enterprise-tax-2024' is not the dataset 'tax'", await page.Locator("#message code").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("urn:dataset:enterprise-tax-2024", await page.Locator("#policy").InputValueAsync(), StringComparison.Ordinal);
        Assert.Equal("counts", await page.Locator("#offer-id").InputValueAsync());

        await page.Locator("#policy").FillAsync(ValidPolicy);
        await page.Locator("#create-offer").ClickAsync();
        await page.WaitForURLAsync("**/offers?done=created*");
        await session.ScreenshotAsync(page, "created");

        var offers = await world.GetAsync("/api/v1/offers");
        Assert.Contains(offers.EnumerateArray(), o => o.GetProperty("id").GetString() == "counts" && o.GetProperty("dataset").GetString() == "tax");
        Assert.Equal(1, await page.Locator("tr[data-offer='counts']").CountAsync());
    }

    [Fact]
    public async Task Offers_PolicyThatIsNotJson_ShowsWhereTheParserStoppedAndOffersNothing()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var (session, page) = await SupplierAsync(world);
        await using var _ = session;
        var before = (await world.GetAsync("/api/v1/offers")).GetArrayLength();

        await session.VisitAsync(page, "/offers", "offers");
        await page.Locator("#offer-id").FillAsync("broken");
        await page.Locator("#policy").FillAsync("""{"@type": "Offer", "permission": [}""");
        await page.Locator("#create-offer").ClickAsync();
        await page.WaitForURLAsync("**/offers?error=*");
        await session.ScreenshotAsync(page, "not-json");

        // Where the parser stopped: the unexpected '}' at byte 34 of line 0, as System.Text.Json reports it.
        Assert.Contains("LineNumber: 0 | BytePositionInLine: 34", await page.Locator("#message code").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(before, (await world.GetAsync("/api/v1/offers")).GetArrayLength());
    }

    [Fact]
    public async Task Disclosure_ShowsEachDatasetWithItsAgreementsAndReleasedResults()
    {
        await using var world = await ConsoleWorld.StartAsync();
        await world.ReleasedAsync();
        var (session, page) = await SupplierAsync(world);
        await using var _ = session;

        await session.VisitAsync(page, "/disclosure", "disclosure");

        var row = page.Locator("tr[data-dataset='tax']");
        Assert.Equal("1", await row.Locator(".released").InnerTextAsync());
        Assert.Contains("statistics", await page.Locator("tr[data-agreement='agr']").InnerTextAsync(), StringComparison.Ordinal);
    }

    /// <summary>The supplier's console, signed in, on its home page; screenshots go to the calling test's folder.</summary>
    private async Task<(BrowserSession Session, Microsoft.Playwright.IPage Page)> SupplierAsync(
        ConsoleWorld world, [System.Runtime.CompilerServices.CallerMemberName] string testName = "")
    {
        var console = await world.ConsoleAsync(world.SupplierKey);
        var session = await browser.NewSessionAsync(console.Address, testName: testName);
        var (page, login) = await session.OpenAsync(console.LoginLink.PathAndQuery, "home");
        Assert.Equal(200, login.Status);
        return (session, page);
    }
}

using System.Net;
using DataSpace.Connector.Http;
using DataSpace.WebConsole.Tests.Support;

namespace DataSpace.WebConsole.Tests;

/// <summary>
/// The supplier's trust-list administration in a real browser (issue 17, item 2; docs/console.md, "Removing a party"):
/// a party removed on the Parties page is refused by the connector at once when it signs with its key.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SupplierAdminTests(BrowserFixture browser)
{
    [Fact]
    public async Task TrustList_RemoveAPartyInTheBrowser_ItsKeyIsRefusedByTheConnector()
    {
        await using var world = await ConsoleWorld.StartAsync();
        using var auditor = new HttpClient(new SigningHandler(world.AuditorKey)) { BaseAddress = world.Connector.BaseAddress };
        using (var before = await auditor.GetAsync("/api/v1/parties"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var console = await world.ConsoleAsync(world.SupplierKey);
        await using var session = await browser.NewSessionAsync(console.Address);
        var (page, login) = await session.OpenAsync(console.LoginLink.PathAndQuery, "home");
        Assert.Equal(200, login.Status);

        await session.VisitAsync(page, "/parties", "parties");
        var own = (await world.GetAsync("/api/v1/whoami")).GetProperty("party").GetString();
        Assert.Equal(0, await page.Locator($"tr[data-party='{own}'] button.remove").CountAsync());
        await page.Locator("tr[data-party='urn:party:auditor'] button.remove").ClickAsync();
        await page.WaitForURLAsync("**/parties?done=removed*");
        await session.ScreenshotAsync(page, "removed");

        Assert.Equal(0, await page.Locator("tr[data-party='urn:party:auditor']").CountAsync());
        using var after = await auditor.GetAsync("/api/v1/parties");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }
}

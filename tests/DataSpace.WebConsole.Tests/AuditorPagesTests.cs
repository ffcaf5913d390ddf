using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using DataSpace.Connector.Http;
using DataSpace.Crypto.Audit;
using DataSpace.WebConsole.Tests.Support;
using Microsoft.Playwright;

namespace DataSpace.WebConsole.Tests;

/// <summary>
/// The auditor's pages of <c>dsc console</c> in a real browser (issue 17, item 2 "Auditor"; docs/console.md, "Auditor"):
/// a verification run in the background with its progress bar, the stored auditor state checked for consistency (a
/// forked history named and the state file left unchanged), the checkpoint timeline, a pasted receipt's checks one by
/// one, and the accesses per day as charts whose counts are the connector's.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AuditorPagesTests(BrowserFixture browser) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dsc-console-auditor-").FullName;

    [Fact]
    public async Task Verify_WithAStateFile_ProgressReachesAHundredPercent_VerifiedStoredAndThenProvenConsistent()
    {
        await using var world = await ConsoleWorld.StartAsync();
        await world.ReleasedAsync();
        var state = Path.Combine(_folder, "auditor-state.json");
        var (console, session, page) = await AuditorAsync(world, state);
        await using var __ = console;
        await using var _ = session;

        await VerifyAsync(session, page, "first");

        Assert.Equal("100", await page.Locator("#verify-progress").GetAttributeAsync("aria-valuenow"));
        Assert.Equal("verified", await page.Locator("#verification").GetAttributeAsync("data-outcome"));
        Assert.Equal("first", await page.Locator("#consistency").GetAttributeAsync("data-consistency"));
        var stored = AuditorState.Load(state)!;
        Assert.Equal(stored.Size.ToString("N0", CultureInfo.GetCultureInfo("en")), await page.Locator("#stored-size").InnerTextAsync());

        await world.SubmitAsync(); // the log grows: the next verification must prove it extends the stored checkpoint
        await VerifyAsync(session, page, "consistent");

        Assert.Equal("consistent", await page.Locator("#consistency").GetAttributeAsync("data-consistency"));
        Assert.True(AuditorState.Load(state)!.Size > stored.Size);

        await session.VisitAsync(page, "/audit/timeline", "timeline");
        Assert.Equal(3, await page.Locator("#timeline tbody tr").CountAsync()); // two verified checkpoints and the current one
        Assert.Equal(3, await page.EvaluateAsync<int>("() => Chart.getChart(document.getElementById('size-chart')).data.datasets[0].data.length"));
    }

    [Fact]
    public async Task Verify_StateFileOfAForkedHistory_ForkDetected_AndTheStateFileLeftUnchanged()
    {
        await using var world = await ConsoleWorld.StartAsync();
        await world.ReleasedAsync();
        var state = Path.Combine(_folder, "forked-state.json");
        var origin = (await world.GetAsync("/api/v1/connector")).GetProperty("logOrigin").GetString()!;
        new AuditorState
        {
            Origin = origin,
            Size = 2,
            Root = Convert.ToBase64String(SHA256.HashData("another history of two entries"u8)),
            CheckpointNote = origin + "\n2\n(forked)\n",
        }.Save(state);
        var before = await File.ReadAllBytesAsync(state);
        var (console, session, page) = await AuditorAsync(world, state);
        await using var __ = console;
        await using var _ = session;

        await VerifyAsync(session, page, "fork");

        Assert.Equal("failed", await page.Locator("#verification").GetAttributeAsync("data-outcome"));
        Assert.Equal("fork", await page.Locator("#consistency").GetAttributeAsync("data-consistency"));
        Assert.Contains("FORK DETECTED", await page.Locator("#consistency").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(state));
    }

    [Fact]
    public async Task Receipt_GenuinePassesEveryCheck_AndWithOneByteChangedFailsTheSignatureCheck()
    {
        await using var world = await ConsoleWorld.StartAsync();
        var job = await world.ReleasedAsync();
        using var dataUser = new HttpClient(new SigningHandler(world.DataUserKey)) { BaseAddress = world.Connector.BaseAddress };
        var result = await dataUser.GetFromJsonAsync<JsonElement>("/api/v1/results/" + job);
        var receipt = result.GetProperty("receipt").GetRawText();
        var recipient = result.GetProperty("receipt").GetProperty("body").GetProperty("recipient").GetString()!;
        var altered = receipt.Replace(recipient, (recipient[0] == 'a' ? 'b' : 'a') + recipient[1..], StringComparison.Ordinal);
        Assert.Equal(receipt.Length, altered.Length);
        var (console, session, page) = await AuditorAsync(world, state: null);
        await using var __ = console;
        await using var _ = session;

        await CheckAsync(session, page, receipt, "genuine");

        Assert.Equal("passed", await page.Locator("#receipt-outcome").GetAttributeAsync("data-outcome"));
        Assert.Equal(["CheckSignature", "CheckLogEntry", "CheckInclusion", "CheckCheckpoint"], await Checks(page, "Passed"));

        await CheckAsync(session, page, altered, "altered");

        Assert.Equal("failed", await page.Locator("#receipt-outcome").GetAttributeAsync("data-outcome"));
        Assert.Equal(["CheckSignature"], await Checks(page, "Failed"));
        Assert.Contains("signature", await page.Locator("[data-check=CheckSignature] .check-detail").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Activity_CountsOfOneAction_AreTheConnectorsSearchCounts_InTheTableAndTheChart()
    {
        await using var world = await ConsoleWorld.StartAsync();
        await world.ReleasedAsync();
        await world.SubmitAsync();
        var expected = (await world.GetAsync("/api/v1/audit/search?action=job.submit&limit=500")).GetArrayLength();
        var (console, session, page) = await AuditorAsync(world, state: null);
        await using var __ = console;
        await using var _ = session;

        await session.VisitAsync(page, "/audit/activity?days=7", "activity");

        Assert.True(expected >= 2);
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), await page.Locator("#activity-action tr[data-value='job.submit'] td.total").InnerTextAsync());
        Assert.Equal(expected, await page.EvaluateAsync<int>("""
            () => Chart.getChart(document.querySelector('#activity-action canvas')).data.datasets
                .find(d => d.label === 'job.submit').data.reduce((a, b) => a + b, 0)
            """));
        Assert.Equal(7, await page.EvaluateAsync<int>("() => Chart.getChart(document.querySelector('#activity-action canvas')).data.labels.length"));
        Assert.Equal(1, await page.Locator("#activity-dataset tr[data-value='tax']").CountAsync());
        Assert.Equal(0, await page.Locator("#activity-truncated").CountAsync());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A started auditor's console with <paramref name="state"/> as its <c>--state</c> file, and a signed-in browser session.</summary>
    private async Task<(ConsoleApp Console, BrowserSession Session, IPage Page)> AuditorAsync(ConsoleWorld world, string? state)
    {
        var console = ConsoleHost.Build(new ConsoleSettings(world.Connector.BaseAddress, new IPEndPoint(IPAddress.Loopback, 0)) { AuditorState = state }, world.AuditorKey);
        await console.StartAsync();
        var session = await browser.NewSessionAsync(console.Address);
        var (page, _) = await session.OpenAsync(console.LoginLink.PathAndQuery, "home");
        return (console, session, page);
    }

    /// <summary>Starts a verification from /audit and waits until the page shows its result (the script reloads it when done).</summary>
    private static async Task VerifyAsync(BrowserSession session, IPage page, string name)
    {
        await session.VisitAsync(page, "/audit", "audit-" + name);
        await page.Locator("#verify").ClickAsync();
        await page.WaitForURLAsync("**/audit?verification=*");
        await page.Locator("#verification").WaitForAsync();
        await session.ScreenshotAsync(page, "verified-" + name);
    }

    private static async Task CheckAsync(BrowserSession session, IPage page, string receipt, string name)
    {
        await session.VisitAsync(page, "/audit/receipt", "receipt-form-" + name);
        await page.Locator("#receipt-text").FillAsync(receipt);
        await page.Locator("#check-receipt").ClickAsync();
        await page.WaitForURLAsync("**/audit/receipt?check=*");
        await session.ScreenshotAsync(page, "receipt-" + name);
    }

    /// <summary>The names of the checks shown with <paramref name="outcome"/>, in the page's order.</summary>
    private static async Task<string[]> Checks(IPage page, string outcome)
    {
        var names = new List<string>();
        foreach (var check in await page.Locator($"#receipt-checks li[data-outcome={outcome}]").AllAsync())
        {
            names.Add((await check.GetAttributeAsync("data-check"))!);
        }

        return [.. names];
    }
}

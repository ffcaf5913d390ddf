using System.Text.Json;
using DataSpace.WebConsole.Tests.Support;

namespace DataSpace.WebConsole.Tests;

/// <summary>
/// The browser test stack end to end, before any console page: Debian's chromium, driven by Playwright, loads a real
/// connector's pages; screenshots land in the test output and the response scan sees what the browser received.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserStackTests(BrowserFixture browser)
{
    [Fact]
    public async Task OpenAsync_ConnectorLiveness_ShowsHealthyScreenshotsAndRecordsTheResponse()
    {
        await using var connector = await LiveConnector.StartAsync();
        await using var session = await browser.NewSessionAsync(connector.BaseAddress);

        var (page, response) = await session.OpenAsync("/health/live", "liveness");

        Assert.Equal(200, response.Status);
        using var health = JsonDocument.Parse(await page.Locator("body > pre").InnerTextAsync()); // chromium shows JSON in a pre
        Assert.Equal("Healthy", health.RootElement.GetProperty("status").GetString());
        var screenshot = Assert.Single(Directory.GetFiles(session.ScreenshotFolder));
        Assert.Equal("01-liveness.png", Path.GetFileName(screenshot));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(screenshot)[..4]); // the PNG signature
        var received = await session.Responses.SettleAsync();
        var liveness = Assert.Single(received, r => r.Url == new Uri(connector.BaseAddress, "/health/live").ToString());
        Assert.Contains("\"Healthy\"", liveness.Text, StringComparison.Ordinal);
        Assert.Equal([liveness], ResponseRecorder.Find(received, "Healthy"));
    }

    [Fact]
    public async Task Find_ConnectorKeyAfterOpenApiAndHealth_NeverInAnyResponse()
    {
        await using var connector = await LiveConnector.StartAsync();
        await using var session = await browser.NewSessionAsync(connector.BaseAddress);
        var (page, _) = await session.OpenAsync("/openapi/v1.json", "openapi");
        await session.VisitAsync(page, "/health/ready", "readiness");

        var received = await session.Responses.SettleAsync();

        Assert.Contains(received, r => r.Url.EndsWith("/openapi/v1.json", StringComparison.Ordinal) && r.Text!.Contains("\"openapi\"", StringComparison.Ordinal));
        Assert.Equal(2, Directory.GetFiles(session.ScreenshotFolder, "*.png").Length);
        // Every Base64 line of the connector's key file, as stored: none may reach the browser.
        var keyLines = File.ReadAllLines(connector.App.DataDirectory.KeyFile)
            .Where(line => line.Length >= 16 && !line.StartsWith("-----", StringComparison.Ordinal))
            .ToArray();
        Assert.NotEmpty(keyLines);
        Assert.Empty(ResponseRecorder.Find(received, keyLines));
    }
}

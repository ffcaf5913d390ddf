using System.Text;
using DataSpace.WebConsole.Tests.Support;
using Microsoft.Playwright;

namespace DataSpace.WebConsole.Tests;

/// <summary>
/// The operator's module upload (issue 17, item 2 "Operator: job submission (module upload, manifest form)";
/// docs/console.md): a WebAssembly module and its C source uploaded from the browser reach the connector as
/// <c>dsc job submit --module --source</c> sends them; a module without its source, a source that is not UTF-8 and a file
/// that is not a module are each refused with the reason, and no job is made.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ModuleUploadTests(BrowserFixture browser)
{
    private const string Source = "/* writes one line: regions reviewed: 3 */\nint dsc_run(void) { return 0; }\n";

    [Fact]
    public async Task ModuleAndSource_UploadedFromTheForm_MakeAModuleJobTheSupplierCanReadAndApprove()
    {
        await using var world = await ConsoleWorld.StartAsync();
        await world.CustomAgreementAsync();
        var (session, page) = await OperatorAsync(world);
        await using var _ = session;

        await session.VisitAsync(page, "/jobs/new", "new-job");
        await page.Locator("#module-tab").ClickAsync();
        await page.WaitForURLAsync("**/jobs/new/module");
        await FillAsync(page, world);
        await page.Locator("#job-module").SetInputFilesAsync(new FilePayload { Name = "report.wasm", MimeType = "application/wasm", Buffer = ConsoleWorld.ReportWasm });
        await page.Locator("#job-source").SetInputFilesAsync(new FilePayload { Name = "report.c", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes(Source) });
        await session.ScreenshotAsync(page, "module-form");
        await page.Locator("#submit-module-job").ClickAsync();
        await page.WaitForURLAsync("**/jobs/*?done=submitted");
        await session.ScreenshotAsync(page, "submitted");

        var job = new Uri(page.Url).AbsolutePath.Split('/')[^1];
        var view = await world.GetAsync("/api/v1/jobs/" + job);
        Assert.Equal("Submitted", view.GetProperty("state").GetString());
        Assert.Equal("agr-custom", view.GetProperty("agreementId").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(ConsoleWorld.ReportWasm)),
            view.GetProperty("moduleDigest").GetString()!.Replace("sha256:", "", StringComparison.Ordinal));
        Assert.Equal(Source, (await world.GetAsync($"/api/v1/jobs/{job}/source")).GetProperty("source").GetString());

        // The supplier can approve it (a module is approved only with its source): the upload carried both whole.
        await world.ApproveAsync(job);
        Assert.NotEqual("Submitted", await world.StateAsync(job));
        // The job's page follows it by a server-sent event stream, which a held output does not end: close the page.
        await page.CloseAsync();
        var received = await session.Responses.SettleAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.Empty(ResponseRecorder.Find(received, ConsoleWorld.KeyLines(world.OperatorKey)));
    }

    [Theory]
    [InlineData("no-source")]
    [InlineData("not-utf8")]
    [InlineData("not-a-module")]
    public async Task BadUpload_IsRefusedWithItsReason_AndNoJobIsMade(string fault)
    {
        await using var world = await ConsoleWorld.StartAsync();
        await world.CustomAgreementAsync();
        var (session, page) = await OperatorAsync(world, "BadUpload_" + fault);
        await using var _ = session;

        await session.VisitAsync(page, "/jobs/new/module", "module-form");
        await FillAsync(page, world);
        await page.Locator("#job-module").SetInputFilesAsync(new FilePayload
        {
            Name = "report.wasm", MimeType = "application/wasm", Buffer = fault == "not-a-module" ? Encoding.UTF8.GetBytes("MZ not wasm") : ConsoleWorld.ReportWasm,
        });
        if (fault != "no-source")
        {
            await page.Locator("#job-source").SetInputFilesAsync(new FilePayload
            {
                Name = "report.c", MimeType = "text/plain", Buffer = fault == "not-utf8" ? [0x2F, 0x2A, 0xC3, 0x28, 0x2A, 0x2F] : Encoding.UTF8.GetBytes(Source),
            });
        }

        // The browser would not send the form without the required source: the test removes the attribute, as a hostile page could.
        await page.Locator("#job-source").EvaluateAsync("e => e.removeAttribute('required')");
        await page.Locator("#submit-module-job").ClickAsync();
        await page.WaitForURLAsync("**/jobs/new/module?error=*");
        await session.ScreenshotAsync(page, "refused");

        var message = await page.Locator("#message code").InnerTextAsync();
        Assert.Contains(fault switch { "no-source" => "source:", "not-utf8" => "not UTF-8", _ => "module" }, message, StringComparison.Ordinal);
        Assert.Contains("\"custom\"", await page.Locator("#job-manifest").InputValueAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (await world.GetAsync("/api/v1/jobs?agreement=agr-custom")).GetArrayLength());
    }

    private static async Task FillAsync(IPage page, ConsoleWorld world)
    {
        await page.Locator("#job-agreement").SelectOptionAsync("agr-custom");
        await page.Locator("#job-dataset").SelectOptionAsync("tax");
        await page.Locator("#job-recipient").FillAsync(world.DataUserKey.PublicKey.ExportPem());
    }

    private async Task<(BrowserSession Session, IPage Page)> OperatorAsync(
        ConsoleWorld world, [System.Runtime.CompilerServices.CallerMemberName] string testName = "")
    {
        var console = await world.ConsoleAsync(world.OperatorKey);
        var session = await browser.NewSessionAsync(console.Address, testName: testName);
        var (page, login) = await session.OpenAsync(console.LoginLink.PathAndQuery, "home");
        Assert.Equal(200, login.Status);
        return (session, page);
    }
}

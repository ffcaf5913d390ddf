using Microsoft.Playwright;

namespace DataSpace.WebConsole.Tests.Support;

/// <summary>
/// One test's browser context: opens pages, saves a screenshot of each page visited to
/// <see cref="ScreenshotFolder"/> as <c>&lt;n&gt;-&lt;name&gt;.png</c> (numbered in visit order), and records every
/// response and WebSocket frame the browser receives in <see cref="Responses"/>.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private int _shots;

    private BrowserSession(IBrowserContext context, string screenshotFolder)
    {
        Context = context;
        ScreenshotFolder = screenshotFolder;
        Responses = new ResponseRecorder(context);
    }

    /// <summary>The browser context (cookies, storage) of this test alone.</summary>
    public IBrowserContext Context { get; }

    /// <summary>Where this test's screenshots go; emptied when the session starts.</summary>
    public string ScreenshotFolder { get; }

    /// <summary>Everything the browser received in this session, from its first page on.</summary>
    public ResponseRecorder Responses { get; }

    internal static BrowserSession Start(IBrowserContext context, string screenshotFolder)
    {
        // Fail within seconds, not Playwright's 30 s default, when an element or a page never comes.
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(15_000);
        if (Directory.Exists(screenshotFolder))
        {
            Directory.Delete(screenshotFolder, recursive: true);
        }

        Directory.CreateDirectory(screenshotFolder);
        return new BrowserSession(context, screenshotFolder);
    }

    /// <summary>Opens a new page at <paramref name="url"/> (relative to the session's base address) and screenshots it.</summary>
    /// <param name="url">Where to go, e.g. <c>/health/live</c>.</param>
    /// <param name="name">The screenshot's name, e.g. <c>health</c>.</param>
    /// <returns>The page and the main document's response.</returns>
    /// <exception cref="InvalidOperationException">The navigation produced no response (same-document navigation).</exception>
    public async Task<(IPage Page, IResponse Response)> OpenAsync(string url, string name)
    {
        var page = await Context.NewPageAsync();
        return (page, await VisitAsync(page, url, name));
    }

    /// <summary>Navigates <paramref name="page"/> to <paramref name="url"/>, waits for it to load and screenshots it.</summary>
    /// <exception cref="InvalidOperationException">The navigation produced no response (same-document navigation).</exception>
    public async Task<IResponse> VisitAsync(IPage page, string url, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentException.ThrowIfNullOrEmpty(url);
        var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load })
            ?? throw new InvalidOperationException($"navigating to '{url}' produced no response");
        await ScreenshotAsync(page, name);
        return response;
    }

    /// <summary>
    /// Saves a full-page screenshot of <paramref name="page"/> as it is now, as the next numbered file
    /// (<c>01-name.png</c>, <c>02-...</c>); call it after each step a reader of the test output should see.
    /// </summary>
    /// <param name="page">The page.</param>
    /// <param name="name">A short name: letters, digits, '-' and '_' only.</param>
    /// <returns>The file written.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or has other characters.</exception>
    public async Task<string> ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"a screenshot name has letters, digits, '-' and '_' only, not '{name}'", nameof(name));
        }

        var file = Path.Combine(ScreenshotFolder, $"{Interlocked.Increment(ref _shots):D2}-{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        return file;
    }

    /// <summary>Closes the context and its pages.</summary>
    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        await Context.DisposeAsync();
    }
}

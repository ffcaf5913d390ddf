using DataSpace.Tests.Common;
using Microsoft.Playwright;

namespace DataSpace.WebConsole.Tests.Support;

/// <summary>
/// One headless browser for a test collection (<see cref="BrowserCollection"/>); each test opens its own
/// <see cref="BrowserSession"/> (a fresh browser context: no cookies or storage shared between tests).
/// </summary>
/// <remarks>
/// The browser is Debian's <c>chromium</c>, never one downloaded by Playwright (the machines here are offline):
/// <see cref="Prerequisites"/> installs it when missing, as <c>.ci/run</c> does. Playwright's driver is the Node.js
/// program the Microsoft.Playwright package copies into the build output (<c>.playwright/package</c>), run by the node
/// binary the package carries for each platform (<c>.playwright/node/linux-x64/node</c>); nothing else is fetched.
/// </remarks>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium (a wrapper script that starts <c>/usr/lib/chromium/chromium</c>).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>A font with the CJK ideographs, so that the console's Chinese pages render in screenshots.</summary>
    public const string CjkFontPath = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The running browser; set once <see cref="InitializeAsync"/> has run.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("the browser is not started: the fixture is not initialised");

    /// <summary>Where screenshots go: <c>DSC_TEST_SCREENSHOTS</c>, or <c>tests/DataSpace.WebConsole.Tests/TestResults/screenshots</c>.</summary>
    public static string ScreenshotRoot =>
        Environment.GetEnvironmentVariable("DSC_TEST_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Prerequisites.RepositoryRoot(), "tests", "DataSpace.WebConsole.Tests", "TestResults", "screenshots");

    /// <summary>The options the browser starts with: headless chromium from <see cref="ChromiumPath"/>.</summary>
    public static BrowserTypeLaunchOptions LaunchOptions() => new()
    {
        ExecutablePath = ChromiumPath,
        Headless = true,
        // Playwright starts chromium with --no-sandbox unless ChromiumSandbox is set: the tests run as root (CI does),
        // where chromium refuses its sandbox. Keep it explicit rather than rely on that default.
        ChromiumSandbox = false,
        Args =
        [
            "--no-sandbox",
            // Containers often mount a small /dev/shm; chromium then crashes on large pages. Use /tmp instead.
            "--disable-dev-shm-usage",
            // No first-run, update or metrics traffic: the machine is offline and the test is about the console only.
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
        ],
        Timeout = 60_000,
    };

    /// <summary>Opens a session: a new browser context whose relative URLs resolve against <paramref name="baseAddress"/>.</summary>
    /// <param name="baseAddress">The server the test drives (the console, or a connector).</param>
    /// <param name="options">Further context options (locale, viewport); its <c>BaseURL</c> is replaced by <paramref name="baseAddress"/>.</param>
    /// <param name="testFile">The calling test's source file, filled in by the compiler (names the screenshot folder).</param>
    /// <param name="testName">The calling test's method, filled in by the compiler (names the screenshot folder).</param>
    public async Task<BrowserSession> NewSessionAsync(
        Uri baseAddress,
        BrowserNewContextOptions? options = null,
        [System.Runtime.CompilerServices.CallerFilePath] string testFile = "",
        [System.Runtime.CompilerServices.CallerMemberName] string testName = "")
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentException.ThrowIfNullOrEmpty(testName);
        var contextOptions = new BrowserNewContextOptions(options ?? new BrowserNewContextOptions())
        {
            BaseURL = baseAddress.ToString(),
            Locale = options?.Locale ?? "en-US",
            ViewportSize = options?.ViewportSize ?? new ViewportSize { Width = 1280, Height = 800 },
        };
        var context = await Browser.NewContextAsync(contextOptions);
        var folder = Path.Combine(ScreenshotRoot, $"{Path.GetFileNameWithoutExtension(testFile)}.{testName}");
        return BrowserSession.Start(context, folder);
    }

    /// <summary>Makes sure chromium and the CJK font are installed, then starts the driver and the browser.</summary>
    public async Task InitializeAsync()
    {
        Prerequisites.Ensure(ChromiumPath, "chromium");
        Prerequisites.Ensure(CjkFontPath, "fonts-wqy-microhei");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(LaunchOptions());
    }

    /// <summary>Closes the browser and stops the driver.</summary>
    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

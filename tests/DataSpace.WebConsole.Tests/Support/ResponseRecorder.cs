using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace DataSpace.WebConsole.Tests.Support;

/// <summary>
/// Records every response a browser context receives (URL, status, headers, body) and every WebSocket frame its pages
/// receive, for scans such as "the party's private key never appears in anything sent to the browser" (issue 17).
/// </summary>
/// <remarks>
/// Bodies are read as the responses arrive (Playwright's <c>BrowserContext.Response</c> event); call
/// <see cref="SettleAsync"/> before looking, which waits for the reads still under way. A server-sent event stream's
/// body can be read only once the stream has ended, so <see cref="SettleAsync"/> waits for it: end the stream (or let
/// the server end it) before settling. <see cref="Find"/> searches the raw bytes and, for text, the HTML-decoded and
/// JSON-unescaped text too: Razor writes '+' as <c>&amp;#x2B;</c> and System.Text.Json writes it as <c>\u002B</c>,
/// so a Base64 key would slip past a raw search.
/// </remarks>
public sealed partial class ResponseRecorder
{
    private readonly Lock _gate = new();
    private readonly List<Task<RecordedResponse>> _captures = [];

    internal ResponseRecorder(IBrowserContext context)
    {
        context.Response += (_, response) => Add(CaptureAsync(response));
        context.Page += (_, page) => page.WebSocket += (_, socket) =>
            socket.FrameReceived += (_, frame) => Add(Task.FromResult(Frame(socket.Url, frame)));
    }

    /// <summary>Waits for the body reads under way and returns everything received so far, in arrival order.</summary>
    /// <param name="cancellationToken">Ends the wait (e.g. for a stream that never ends).</param>
    public async Task<IReadOnlyList<RecordedResponse>> SettleAsync(CancellationToken cancellationToken = default)
    {
        Task<RecordedResponse>[] captures;
        lock (_gate)
        {
            captures = [.. _captures];
        }

        return await Task.WhenAll(captures).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The responses that contain any of <paramref name="needles"/> (ordinal, case-sensitive) in a header or the body,
    /// raw or decoded; call <see cref="SettleAsync"/> first and pass its result.
    /// </summary>
    /// <param name="responses">What <see cref="SettleAsync"/> returned.</param>
    /// <param name="needles">The strings to look for, each in every form it could be sent in (Base64, hex, PEM lines).</param>
    /// <exception cref="ArgumentException">No needle, or an empty one (which every response would contain).</exception>
    public static IReadOnlyList<RecordedResponse> Find(IReadOnlyList<RecordedResponse> responses, params string[] needles)
    {
        ArgumentNullException.ThrowIfNull(responses);
        ArgumentNullException.ThrowIfNull(needles);
        if (needles.Length == 0 || needles.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("give at least one needle, none empty", nameof(needles));
        }

        return [.. responses.Where(response => Views(response).Any(view => needles.Any(needle => view.Contains(needle, StringComparison.Ordinal))))];
    }

    private void Add(Task<RecordedResponse> capture)
    {
        lock (_gate)
        {
            _captures.Add(capture);
        }
    }

    private static async Task<RecordedResponse> CaptureAsync(IResponse response)
    {
        var headers = await response.AllHeadersAsync();
        headers.TryGetValue("content-type", out var contentType);
        if (response.Status is >= 300 and < 400)
        {
            return new RecordedResponse(response.Url, response.Status, contentType, headers, null, "a redirect has no body in the browser");
        }

        try
        {
            return new RecordedResponse(response.Url, response.Status, contentType, headers, await response.BodyAsync(), null);
        }
        catch (PlaywrightException exception)
        {
            // The page went away before the body arrived, or the request failed: say so rather than drop the response.
            return new RecordedResponse(response.Url, response.Status, contentType, headers, null, exception.Message);
        }
    }

    private static RecordedResponse Frame(string url, IWebSocketFrame frame) => new(
        url,
        101, // Switching Protocols: the frame came over the WebSocket
        frame.Text is null ? "application/octet-stream" : "text/plain; websocket frame",
        new Dictionary<string, string>(StringComparer.Ordinal),
        frame.Binary ?? Encoding.UTF8.GetBytes(frame.Text ?? string.Empty),
        null);

    /// <summary>Each form in which a needle could show: headers, the raw body (as Latin-1, byte for byte), and decoded text.</summary>
    private static IEnumerable<string> Views(RecordedResponse response)
    {
        foreach (var (name, value) in response.Headers)
        {
            yield return name + ": " + value;
        }

        if (response.Body is null)
        {
            yield break;
        }

        yield return Encoding.Latin1.GetString(response.Body);
        var text = Encoding.UTF8.GetString(response.Body);
        yield return text;
        yield return WebUtility.HtmlDecode(text);
        yield return JsonEscape().Replace(text, match => match.Value[1] == 'u'
            ? ((char)Convert.ToUInt16(match.Value[2..], 16)).ToString()
            : match.Value[1..]);
    }

    [GeneratedRegex(@"\\u[0-9a-fA-F]{4}|\\[/\\""]", RegexOptions.CultureInvariant)]
    private static partial Regex JsonEscape();
}

using System.Net;
using System.Text.RegularExpressions;

namespace DataSpace.EndToEnd.Tests.Support;

/// <summary>
/// Waits for a server child (<c>dsc serve</c>, <c>dsc gateway</c>) started with <c>--urls http://127.0.0.1:0</c>: the
/// address Kestrel picked, as the child prints it (so no port is ever guessed), then its readiness endpoint.
/// </summary>
internal static partial class Readiness
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>The address of the child's "listening on URL" line.</summary>
    public static Task<Uri> ListeningAddressAsync(ChildProcess child) =>
        child.WaitForOutputAsync(
            output => ListeningOn().Match(output) is { Success: true } match ? new Uri(match.Groups[1].Value + "/") : null,
            Timeout, "'listening on' line");

    /// <summary>Polls <paramref name="ready"/> until it answers 200; fails early if the child exits.</summary>
    public static async Task WaitAsync(ChildProcess child, Uri ready)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + Timeout;
        var last = "no answer";
        while (true)
        {
            if (child.HasExited)
            {
                throw new InvalidOperationException($"{child.CommandLine} exited before {ready} answered 200\n{child.Describe()}");
            }

            try
            {
                using var response = await client.GetAsync(ready);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException exception)
            {
                last = exception.Message;
            }
            catch (TaskCanceledException exception)
            {
                last = exception.Message;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{ready} never answered 200 within {Timeout.TotalSeconds:0} s (last: {last})\n{child.Describe()}");
            }

            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"^listening on (http://127\.0\.0\.1:\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex ListeningOn();
}

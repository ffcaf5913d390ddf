using System.Net;

namespace DataSpace.EndToEnd.Tests.Support;

/// <summary>Polls a child's readiness endpoint until it answers 200; fails early if the child exits.</summary>
internal static class Readiness
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

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
}

using System.Diagnostics;

namespace DataSpace.Benchmarks.Connector;

/// <summary>
/// Requests per second and latency of one endpoint with N concurrent clients, each on its own pooled connection
/// (SocketsHttpHandler), each request freshly signed (new nonce) when the client signs. Client and server share
/// the machine's cores, so signing is paid in the same budget as verifying.
/// </summary>
internal static class CatalogThroughput
{
    public sealed record Round(double RequestsPerSecond, double P50Ms, double P99Ms);

    public static async Task<Round> MeasureAsync(HttpClient client, string path, int concurrency, TimeSpan duration)
    {
        var stop = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var latencies = new List<long>[concurrency];
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, concurrency).Select(i => Task.Run(async () =>
        {
            var mine = latencies[i] = new List<long>(1 << 14);
            while (Stopwatch.GetTimestamp() < stop)
            {
                var begin = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }

                mine.Add(Stopwatch.GetTimestamp() - begin);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Ms(double q) => all[Math.Min(all.Length - 1, (int)(all.Length * q))] * 1000.0 / Stopwatch.Frequency;
        return new Round(all.Length / seconds, Ms(0.5), Ms(0.99));
    }
}

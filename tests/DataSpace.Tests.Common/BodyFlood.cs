using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace DataSpace.Tests.Common;

/// <summary>One request of a flood: its head, how much body to push after it, whether in chunks, and from which local address.</summary>
public sealed record FloodRequest(string Head, long BodyBytes, bool Chunked = false, IPAddress? From = null);

/// <summary>What a flood did: the statuses it got, the body bytes the server let in, the process's RSS and the legitimate requests' latencies.</summary>
public sealed record FloodOutcome(
    IReadOnlyDictionary<int, int> Statuses, long BodyBytesSent, long BaselineRssBytes, long PeakRssBytes, IReadOnlyList<double> LegitimateMilliseconds, TimeSpan Duration)
{
    public long RssGrowthBytes => PeakRssBytes - BaselineRssBytes;

    /// <summary>The latency below which <paramref name="percent"/> of the legitimate requests stayed, in ms (NaN without any).</summary>
    public double Percentile(double percent)
    {
        if (LegitimateMilliseconds.Count == 0)
        {
            return double.NaN;
        }

        var sorted = LegitimateMilliseconds.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percent / 100 * sorted.Length) - 1)];
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"statuses {string.Join(", ", Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}x{s.Value}"))}; body bytes let in {BodyBytesSent / 1048576.0:0.0} MiB; " +
        $"RSS {BaselineRssBytes / 1048576.0:0} -> peak {PeakRssBytes / 1048576.0:0} MiB (+{RssGrowthBytes / 1048576.0:0.0}); " +
        $"legitimate {LegitimateMilliseconds.Count} requests, p50 {Percentile(50):0.0} ms, p99 {Percentile(99):0.0} ms; {Duration.TotalSeconds:0.0} s");
}

/// <summary>
/// Floods a server over raw sockets (docs/benchmarks.md, "Bodies under flood"): every request at once, each pushing its
/// body until the server answers or closes, while the process's resident set is sampled every 5 ms and a legitimate
/// request is timed over and over. The RSS is that of <c>processId</c> (a server in a process of its own), or by default
/// this process's: a server in the same process is then measured with the flood's own buffers (64 KiB a connection) included.
/// </summary>
public static class BodyFlood
{
    public static async Task<FloodOutcome> RunAsync(
        Uri server,
        IReadOnlyList<FloodRequest> requests,
        Func<CancellationToken, Task>? legitimate,
        IPAddress? from,
        CancellationToken cancellationToken,
        int? processId = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(requests);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long ResidentBytes() => BodyFlood.ResidentBytes(processId);
        var baseline = ResidentBytes();
        var peak = baseline;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = Task.Run(
            async () =>
            {
                while (!done.IsCancellationRequested)
                {
                    peak = Math.Max(peak, ResidentBytes());
                    await Task.Delay(5, CancellationToken.None).ConfigureAwait(false);
                }
            },
            CancellationToken.None);
        var latencies = new ConcurrentQueue<double>();
        var timing = legitimate is null ? Task.CompletedTask : Task.Run(
            async () =>
            {
                while (!done.IsCancellationRequested)
                {
                    var started = Stopwatch.GetTimestamp();
                    await legitimate(cancellationToken).ConfigureAwait(false);
                    latencies.Enqueue(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            },
            CancellationToken.None);

        var clock = Stopwatch.StartNew();
        var statuses = new ConcurrentDictionary<int, int>();
        long sent = 0;
        await Task.WhenAll(requests.Select(request => Task.Run(
            async () =>
            {
                int status;
                try
                {
                    var response = await RawHttp.SendAsync(
                        server, request.Head, request.BodyBytes, request.From ?? from, request.Chunked, cancellationToken).ConfigureAwait(false);
                    status = response.Status;
                    Interlocked.Add(ref sent, response.BodyBytesSent);
                }
                catch (IOException)
                {
                    status = 0; // closed without an answer
                }

                statuses.AddOrUpdate(status, 1, (_, count) => count + 1);
            },
            cancellationToken))).ConfigureAwait(false);
        clock.Stop();
        await done.CancelAsync().ConfigureAwait(false);
        await sampler.ConfigureAwait(false);
        await timing.ConfigureAwait(false);
        peak = Math.Max(peak, ResidentBytes());
        return new FloodOutcome(statuses, sent, baseline, peak, [.. latencies], clock.Elapsed);
    }

    /// <summary>The resident set of process <paramref name="processId"/> (by default this one): VmRSS from /proc on Linux, the working set elsewhere.</summary>
    public static long ResidentBytes(int? processId = null)
    {
        if (OperatingSystem.IsLinux())
        {
            foreach (var line in File.ReadLines($"/proc/{processId?.ToString(CultureInfo.InvariantCulture) ?? "self"}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }

        using var process = processId is { } id ? Process.GetProcessById(id) : Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}

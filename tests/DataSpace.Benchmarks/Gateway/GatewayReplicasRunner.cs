using System.Globalization;
using DataSpace.Benchmarks.Connector;
using DataSpace.Crypto.Signatures;
using DataSpace.Tests.Common;

namespace DataSpace.Benchmarks.Gateway;

/// <summary>
/// One run of <see cref="GatewayReplicasBenchmark"/>: pre-signs the requests, runs wrk against a configuration's gateway
/// and reads, before and after, the shared log's size, each replica's request count for the route and JIT time (its <c>/metrics</c>),
/// the CPU time of the replicas and the gateway, and the machine's busy time (<c>/proc/stat</c>).
/// </summary>
internal sealed class GatewayReplicasRunner(BenchReplicas replicas, SigningKey key, string scratch, int connections)
{
    private const int Threads = 2;
    private const string Script = "signed-bodies.lua";

    private readonly HttpClient _scraper = new();

    public async Task<GatewayReplicasRun> RunAsync(GatewayReplicasBenchmark.Kind kind, GatewayReplicasBenchmark.Configuration configuration, TimeSpan duration, double expectedRate)
    {
        // wrk's threads do not share the load evenly: half as much again per thread, so none runs out of fresh requests.
        var perThread = (int)Math.Ceiling(1.5 * expectedRate * duration.TotalSeconds / Threads) + 1_000;
        var prefix = Path.Combine(scratch, "requests");
        var target = new Uri(configuration.Gateway.Address, kind.Path);
        await PreSignedBodies.WriteAsync(prefix, Threads, perThread, key, target, kind.Bodies());

        var logBefore = await replicas.LogSizeAsync();
        var (countsBefore, jitBefore) = await ScrapeAsync(configuration.Replicas, kind.Path);
        var replicaCpuBefore = ReplicaCpu(configuration.Replicas);
        var gatewayCpuBefore = ProcessCpu.OfTree(configuration.Gateway.ProcessId);
        var busyBefore = MachineBusy();
        var result = await Wrk.RunAsync(configuration.Gateway.Address, prefix, Threads, connections, duration, script: Script);
        var busy = MachineBusy() - busyBefore;
        var replicaCpu = ReplicaCpu(configuration.Replicas) - replicaCpuBefore;
        var gatewayCpu = ProcessCpu.OfTree(configuration.Gateway.ProcessId) - gatewayCpuBefore;
        var (counts, jit) = await ScrapeAsync(configuration.Replicas, kind.Path);
        var appended = await replicas.LogSizeAsync() - logBefore;
        if (result.Non2xx > 0 || result.SocketErrors > 0 || result.Wrapped > 0)
        {
            Console.Error.WriteLine($"warning: {kind.Path} via {configuration.Name}: {result.Non2xx} non-2xx responses, {result.SocketErrors} socket errors, {result.Wrapped} threads ran out of fresh requests (of {result.Requests})");
        }

        var runSeconds = result.Requests / result.RequestsPerSecond;
        double PerRequest(TimeSpan cpu) => cpu.TotalMicroseconds / Math.Max(1, result.Requests);
        return new GatewayReplicasRun(
            result.RequestsPerSecond,
            result.P50Ms,
            result.P99Ms,
            appended / runSeconds,
            [.. counts.Zip(countsBefore, (after, before) => after - before)],
            PerRequest(replicaCpu),
            PerRequest(TimeSpan.FromSeconds(jit - jitBefore)),
            PerRequest(gatewayCpu),
            busy.TotalSeconds / runSeconds);
    }

    private static TimeSpan ReplicaCpu(IReadOnlyList<ConnectorProcess> set)
    {
        var total = TimeSpan.Zero;
        foreach (var replica in set)
        {
            total += ProcessCpu.OfTree(replica.ProcessId);
        }

        return total;
    }

    /// <summary>
    /// From each replica's Prometheus scrape (loopback only): its count of 2xx answers on <paramref name="route"/> (a
    /// group's root route is labelled with a trailing slash, <c>/api/v1/agreements/</c>), and the time all of them have
    /// spent compiling methods (<c>dotnet.jit.compilation.time</c>).
    /// </summary>
    private async Task<(long[] Counts, double JitSeconds)> ScrapeAsync(IReadOnlyList<ConnectorProcess> set, string route)
    {
        var counts = new long[set.Count];
        var jit = 0.0;
        for (var i = 0; i < set.Count; i++)
        {
            var scrape = PrometheusScrape.Parse(await _scraper.GetStringAsync(new Uri(set[i].Address, "/metrics")));
            counts[i] = (long)scrape.Samples
                .Where(s => s.Name == "http_server_request_duration_seconds_count"
                    && s.Labels.TryGetValue("http_route", out var labelled) && (labelled == route || labelled == route + "/")
                    && s.Labels.TryGetValue("http_response_status_code", out var status) && status.StartsWith('2'))
                .Sum(s => s.Value);
            jit += ConnectorProcess.JitSeconds(scrape);
        }

        return (counts, jit);
    }

    /// <summary>CPU time all cores spent on anything but idle and I/O wait since boot (<c>/proc/stat</c>, USER_HZ ticks).</summary>
    private static TimeSpan MachineBusy()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal [guest guest_nice, already in user and nice]
        var busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7];
        return TimeSpan.FromSeconds(busy / 100.0);
    }
}

/// <summary>What one run measured; CPU times per request, cores busy as the average number over the run.</summary>
internal sealed record GatewayReplicasRun(
    double RequestsPerSecond,
    double P50Ms,
    double P99Ms,
    double AppendsPerSecond,
    long[] ByReplica,
    double ReplicaCpuMicroseconds,
    double ReplicaJitMicroseconds,
    double GatewayCpuMicroseconds,
    double CoresBusy)
{
    public double ShareOf(int replica) => ByReplica[replica] / (double)Math.Max(1, ByReplica.Sum());
}

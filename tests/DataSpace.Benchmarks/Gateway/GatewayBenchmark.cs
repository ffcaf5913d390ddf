using System.Globalization;
using DataSpace.Benchmarks.Connector;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Benchmarks.Gateway;

/// <summary>
/// <c>gateway [seconds] [rounds] [connections] [saturation]</c>: signed <c>GET /api/v1/catalog</c> driven by Debian's wrk
/// (2 threads) three ways, interleaved round by round in one run: directly to the connector, through nginx as a
/// plain reverse proxy, and through <c>dsc gateway</c>. Every request is signed beforehand (a fresh nonce each),
/// so wrk spends nothing on signing. (a) Saturation: as many requests as the connections can send. (b) Paced:
/// every contender at half the gateway's saturation throughput, to read the latency the gateway adds.
/// </summary>
internal static class GatewayBenchmark
{
    private const int Threads = 2;
    private const int PacedConnections = 16;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var connections = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 64;
        var saturationOnly = args.Length > 3 && args[3] == "saturation";
        var duration = TimeSpan.FromSeconds(seconds);
        Console.WriteLine($"# gateway: wrk -t{Threads} -c{connections}, {seconds} s per run, median of {rounds} interleaved rounds; signed (ed25519) GET /api/v1/catalog; {Machine.Describe()}");

        await using var connector = await BenchConnector.StartAsync(1_000);
        using var reader = SignatureSuites.Ed25519.GenerateKey();
        using (var supplier = connector.SignedClient(connector.SupplierKey, 1))
        {
            await BenchConnector.SendAsync(supplier, "/api/v1/parties", new { id = "urn:party:reader", name = "Catalogue reader", role = "Operator", publicKeys = new[] { reader.PublicKey.ExportPem() } });
        }

        var scratch = Machine.ScratchDirectory("gateway-" + Guid.NewGuid().ToString("N"));
        await using var nginx = await NginxProxy.StartAsync(connector.BaseAddress, scratch);
        await using var gateway = await GatewayProcess.StartAsync(connector.BaseAddress, Path.Combine(connector.App.DataDirectory.Root, "keys", "gateway.secret"), scratch);
        var contenders = new (string Name, Uri Address, int ProxyPid)[]
        {
            ("connector, direct", connector.BaseAddress, 0),
            ("nginx → connector", nginx.Address, nginx.ProcessId),
            ("dsc gateway → connector", gateway.Address, gateway.ProcessId),
        };

        if (Environment.GetEnvironmentVariable("DSC_BENCH_GATEWAY_ONLY") == "true")
        {
            // Quicker comparisons while working on the gateway: nginx and the gateway only.
            contenders = [contenders[1], contenders[2]];
        }

        // Warm-up (JIT tiering, connection pools) and a first estimate of each contender's rate, which sizes the
        // pre-signed request files: a request may be replayed only once, and the window is 1 minute. Ten seconds:
        // under load on two cores, the gateway's freshly started runtime is still compiling its hot paths at five.
        var estimate = new double[contenders.Length];
        for (var i = 0; i < contenders.Length; i++)
        {
            estimate[i] = (await RunOnceAsync(contenders[i], reader, scratch, connections, TimeSpan.FromSeconds(10), 20_000, 0)).Wrk.RequestsPerSecond;
        }

        var saturated = contenders.Select(_ => new List<Run>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < contenders.Length; i++)
            {
                saturated[i].Add(await RunOnceAsync(contenders[i], reader, scratch, connections, duration, estimate.Max() * 2, 0));
            }
        }

        // nginx is the next-to-last contender and the gateway the last, with or without the direct path.
        var nginxRps = Machine.Median(saturated[contenders.Length - 2].Select(r => r.Wrk.RequestsPerSecond));
        Console.WriteLine();
        Console.WriteLine($"(a) saturation, {connections} connections");
        Console.WriteLine();
        Console.WriteLine("| path | requests/s (median) | p50 ms | p99 ms | vs nginx | rounds (req/s) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|");
        for (var i = 0; i < contenders.Length; i++)
        {
            var rps = Machine.Median(saturated[i].Select(r => r.Wrk.RequestsPerSecond));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {contenders[i].Name} | {rps:N0} | {Machine.Median(saturated[i].Select(r => r.Wrk.P50Ms)):F2} | {Machine.Median(saturated[i].Select(r => r.Wrk.P99Ms)):F2} | {rps / nginxRps:F2}x | {string.Join(", ", saturated[i].Select(r => r.Wrk.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture)))} |"));
        }

        // CPU time per request by process, over the same runs: steadier than requests/s on a shared machine, and
        // what the ratio comes from when the cores are saturated.
        var nginxCpu = Machine.Median(saturated[contenders.Length - 2].Select(r => r.TotalCpuMicroseconds));
        Console.WriteLine();
        Console.WriteLine("CPU time per request (µs, median of the rounds; user + system, from /proc)");
        Console.WriteLine();
        Console.WriteLine("| path | connector | proxy | wrk | total | nginx's total ÷ this |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        for (var i = 0; i < contenders.Length; i++)
        {
            var total = Machine.Median(saturated[i].Select(r => r.TotalCpuMicroseconds));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {contenders[i].Name} | {Machine.Median(saturated[i].Select(r => r.ConnectorCpuMicroseconds)):F0} | {(contenders[i].ProxyPid == 0 ? "—" : Machine.Median(saturated[i].Select(r => r.ProxyCpuMicroseconds)).ToString("F0", CultureInfo.InvariantCulture))} | {Machine.Median(saturated[i].Select(r => r.WrkCpuMicroseconds)):F0} | {total:F0} | {nginxCpu / total:F2}x |"));
        }

        if (saturationOnly)
        {
            return 0;
        }

        // (b) Every contender paced at half the gateway's saturation throughput: each of 16 connections waits
        // after a response so that together they offer about that rate.
        var half = Machine.Median(saturated[contenders.Length - 1].Select(r => r.Wrk.RequestsPerSecond)) / 2;
        // Each connection offers 1000 / (delay + time per request) requests/s. Short runs measure each path's time
        // per request at this load, and its delay is set so that the connections together offer `half`.
        var delays = new double[contenders.Length];
        for (var i = 0; i < contenders.Length; i++)
        {
            delays[i] = 1000.0 * PacedConnections / half;
            for (var step = 0; step < 2; step++)
            {
                var trial = (await RunOnceAsync(contenders[i], reader, scratch, PacedConnections, TimeSpan.FromSeconds(3), half * 2, delays[i])).Wrk;
                var perRequestMs = (1000.0 * PacedConnections / trial.RequestsPerSecond) - delays[i];
                delays[i] = Math.Max(0, (1000.0 * PacedConnections / half) - perRequestMs);
            }
        }

        var paced = contenders.Select(_ => new List<Wrk.Result>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < contenders.Length; i++)
            {
                paced[i].Add((await RunOnceAsync(contenders[i], reader, scratch, PacedConnections, duration, half * 2, delays[i])).Wrk);
            }
        }

        var directP99 = Machine.Median(paced[0].Select(r => r.P99Ms));
        var directP50 = Machine.Median(paced[0].Select(r => r.P50Ms));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(b) paced at half the gateway's saturation ({half:N0} requests/s offered by {PacedConnections} connections, each pausing {string.Join(" / ", delays.Select(d => d.ToString("F2", CultureInfo.InvariantCulture)))} ms after a response)"));
        Console.WriteLine();
        Console.WriteLine("| path | requests/s (median) | p50 ms | p90 ms | p99 ms | p50 added vs direct | p99 added vs direct |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        for (var i = 0; i < contenders.Length; i++)
        {
            var p50 = Machine.Median(paced[i].Select(r => r.P50Ms));
            var p99 = Machine.Median(paced[i].Select(r => r.P99Ms));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {contenders[i].Name} | {Machine.Median(paced[i].Select(r => r.RequestsPerSecond)):N0} | {p50:F2} | {Machine.Median(paced[i].Select(r => r.P90Ms)):F2} | {p99:F2} | {p50 - directP50:+0.00;-0.00} ms | {p99 - directP99:+0.00;-0.00} ms |"));
        }

        return 0;
    }

    private static async Task<Run> RunOnceAsync((string Name, Uri Address, int ProxyPid) contender, SigningKey key, string scratch, int connections, TimeSpan duration, double expectedRate, double delayMs)
    {
        var address = contender.Address;
        // wrk's threads do not share the load evenly: half as much again per thread, so none runs out of fresh requests.
        var perThread = (int)Math.Ceiling(1.5 * expectedRate * duration.TotalSeconds / Threads) + 1_000;
        var prefix = Path.Combine(scratch, "requests");
        await PreSignedRequests.WriteAsync(prefix, Threads, perThread, key, new Uri(address, "/api/v1/catalog"));

        // The connector runs in this process, which otherwise only waits for wrk while it runs.
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        var connectorBefore = self.TotalProcessorTime;
        var proxyBefore = contender.ProxyPid == 0 ? TimeSpan.Zero : ProcessCpu.OfTree(contender.ProxyPid);
        var wrkBefore = ProcessCpu.OfReapedChildren();
        var result = await Wrk.RunAsync(address, prefix, Threads, connections, duration, delayMs);
        self.Refresh();
        var connector = self.TotalProcessorTime - connectorBefore;
        var proxy = contender.ProxyPid == 0 ? TimeSpan.Zero : ProcessCpu.OfTree(contender.ProxyPid) - proxyBefore;
        var wrk = ProcessCpu.OfReapedChildren() - wrkBefore;
        if (result.Non2xx > 0 || result.SocketErrors > 0 || result.Wrapped > 0)
        {
            Console.Error.WriteLine($"warning: {address}: {result.Non2xx} non-2xx responses, {result.SocketErrors} socket errors, {result.Wrapped} threads ran out of fresh requests (of {result.Requests})");
        }

        double PerRequest(TimeSpan cpu) => cpu.TotalMicroseconds / Math.Max(1, result.Requests);
        return new Run(result, PerRequest(connector), PerRequest(proxy), PerRequest(wrk));
    }

    private sealed record Run(Wrk.Result Wrk, double ConnectorCpuMicroseconds, double ProxyCpuMicroseconds, double WrkCpuMicroseconds)
    {
        public double TotalCpuMicroseconds => ConnectorCpuMicroseconds + ProxyCpuMicroseconds + WrkCpuMicroseconds;
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using DataSpace.Benchmarks.Gateway;
using DataSpace.Connector.Http;
using DataSpace.Crypto.Signatures;
using DataSpace.Tests.Common;

namespace DataSpace.Benchmarks.Connector;

/// <summary>
/// <c>flood</c>: the soak of issue 14 (docs/benchmarks.md, "Bodies under flood"). <c>dsc serve</c> and <c>dsc gateway</c>
/// each in a process of their own on loopback; against each in turn, at once: 64 unsigned requests announcing and
/// pushing 250 MiB bodies (from 127.0.0.2) and 64 requests signed by a trusted operator pushing 40 MiB chunked bodies to
/// the job submission, whose limit is about 29 MiB (from 127.0.0.3); meanwhile the operator's signed catalogue
/// requests (from 127.0.0.1) are timed one after another. Reports the server process's RSS growth (peak during the
/// flood over the level before it, sampled every 5 ms from /proc) and the legitimate requests' p50/p99, also without
/// a flood for comparison. Options: <c>--rounds N</c> (default 3).
/// </summary>
internal static class BodyFloodBenchmark
{
    private const long QuarterGigabyte = 250L * 1024 * 1024;

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length >= 2 && args[0] == "--rounds" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        Console.WriteLine($"flood: {Machine.Describe()}");
        var scratch = Machine.ScratchDirectory("flood-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var connector = await ConnectorProcess.StartAsync(scratch);
            using var operatorKey = SignatureSuites.Ed25519.GenerateKey();
            await RegisterAsync(connector, operatorKey);
            await using var gateway = await GatewayProcess.StartAsync(
                connector.Address, Path.Combine(connector.DataDirectory, "keys", "gateway.secret"), scratch);

            var failed = false;
            foreach (var (name, address, processId) in new[] { ("connector", connector.Address, connector.ProcessId), ("gateway", gateway.Address, gateway.ProcessId) })
            {
                using var legitimate = new HttpClient(new SigningHandler(operatorKey)) { BaseAddress = address };
                var quiet = await QuietLatenciesAsync(legitimate);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: no flood, {quiet.Length} requests, p50 {Percentile(quiet, 50):0.0} ms, p99 {Percentile(quiet, 99):0.0} ms"));
                for (var round = 1; round <= rounds; round++)
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
                    var outcome = await BodyFlood.RunAsync(
                        address,
                        await FloodAsync(address, operatorKey),
                        async token =>
                        {
                            using var response = await legitimate.GetAsync(new Uri("/api/v1/catalog", UriKind.Relative), token);
                            if (response.StatusCode != HttpStatusCode.OK)
                            {
                                throw new InvalidOperationException($"a legitimate request got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token)}");
                            }
                        },
                        from: null,
                        timeout.Token,
                        processId);
                    var pass = outcome.RssGrowthBytes < 100L * 1024 * 1024 && outcome.Percentile(99) < 50;
                    failed |= !pass;
                    Console.WriteLine($"{name} round {round}: {outcome} {(pass ? "PASS" : "FAIL")}");
                }
            }

            return failed ? 1 : 0;
        }
        finally
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task RegisterAsync(ConnectorProcess connector, SigningKey operatorKey)
    {
        using var supplier = KeyFiles.LoadSigningKey(Path.Combine(connector.DataDirectory, "keys", "connector.key"));
        using var client = new HttpClient(new SigningHandler(supplier)) { BaseAddress = connector.Address };
        using var response = await client.PostAsJsonAsync(
            "/api/v1/parties", new { id = "urn:party:flood-operator", name = "Operator", role = "Operator", publicKeys = new[] { operatorKey.PublicKey.ExportPem() } });
        response.EnsureSuccessStatusCode();
    }

    private static async Task<double[]> QuietLatenciesAsync(HttpClient legitimate)
    {
        var latencies = new List<double>();
        for (var i = 0; i < 300; i++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            using var response = await legitimate.GetAsync(new Uri("/api/v1/catalog", UriKind.Relative));
            response.EnsureSuccessStatusCode();
            latencies.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return [.. latencies.Skip(50)];
    }

    private static double Percentile(double[] values, double percent)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percent / 100 * sorted.Length) - 1)];
    }

    private static async Task<List<FloodRequest>> FloodAsync(Uri server, SigningKey key)
    {
        var unsigned = IPAddress.Parse("127.0.0.2");
        var signedFrom = IPAddress.Parse("127.0.0.3");
        var requests = new List<FloodRequest>();
        for (var i = 0; i < 64; i++)
        {
            requests.Add(new FloodRequest(
                $"POST /api/v1/jobs HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: application/json\r\nContent-Length: {QuarterGigabyte}\r\n\r\n",
                QuarterGigabyte,
                From: unsigned));

            var recorder = new RecordingHandler();
            using var client = new HttpClient(new SigningHandler(key, inner: recorder)) { BaseAddress = server };
            using var signed = await client.PostAsync(new Uri("/api/v1/jobs", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
            requests.Add(new FloodRequest(
                $"POST /api/v1/jobs HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: application/json\r\n{recorder.SignatureLines()}Transfer-Encoding: chunked\r\n\r\n",
                40L * 1024 * 1024,
                Chunked: true,
                From: signedFrom));
        }

        return requests;
    }
}

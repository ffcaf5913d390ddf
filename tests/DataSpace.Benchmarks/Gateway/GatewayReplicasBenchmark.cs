using System.Globalization;
using System.Text.Json.Nodes;
using DataSpace.Benchmarks.Connector;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;

namespace DataSpace.Benchmarks.Gateway;

/// <summary>
/// <c>gateway-replicas [seconds] [rounds] [connections] [replicas] [warm-up seconds]</c> (issue 18, item 2): signed requests driven by wrk
/// through a real <c>dsc gateway</c> in front of one replica and in front of three, all <c>dsc serve</c> processes of one
/// connector on the shared log in PostgreSQL (<see cref="BenchReplicas"/>), in the same run: one gateway balances over
/// replica 0 alone, the other over all three; the idle replicas keep running while the one-replica gateway is measured.
/// Two requests: <c>POST /api/v1/agreements</c>, which concludes an agreement and appends one <c>agreement.create</c>
/// entry to the log (docs/audit-log.md, "Actions"), and the read-only <c>GET /api/v1/catalog</c>. Per run: requests/s in
/// all and each replica's share (from its <c>/metrics</c>), durable appends/s (the growth of <c>log_leaves</c>: every row
/// there is committed), CPU per request of the replicas and the gateway, and how busy the machine's cores were.
/// Rounds interleave the configurations; every figure is the median of the rounds.
/// </summary>
internal static class GatewayReplicasBenchmark
{
    private const int Threads = 2;
    private const string OfferId = "offer-bench";

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var connections = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 64;
        var count = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
        var warmUp = TimeSpan.FromSeconds(args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 10);
        var duration = TimeSpan.FromSeconds(seconds);
        Console.WriteLine($"# gateway-replicas: dsc gateway → 1 and {count} dsc serve replicas on the shared log (PostgreSQL); wrk -t{Threads} -c{connections}, {seconds} s per run, median of {rounds} interleaved rounds; {Machine.Describe()}");

        var scratch = Machine.ScratchDirectory("gateway-replicas-" + Guid.NewGuid().ToString("N"));
        try
        {
            await MeasureAsync(scratch, duration, rounds, connections, count, warmUp);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        return 0;
    }

    private static async Task MeasureAsync(string scratch, TimeSpan duration, int rounds, int connections, int count, TimeSpan warmUp)
    {
        await using var replicas = await BenchReplicas.StartAsync(count, scratch);
        using var operatorKey = SignatureSuites.Ed25519.GenerateKey();
        await SetUpAsync(replicas, operatorKey);
        await using var one = await GatewayProcess.StartAsync([replicas.Replicas[0].Address], replicas.GatewaySecretFile, Path.Combine(scratch, "one"));
        await using var all = await GatewayProcess.StartAsync([.. replicas.Replicas.Select(r => r.Address)], replicas.GatewaySecretFile, Path.Combine(scratch, "all"));
        var configurations = new[]
        {
            new Configuration("1 replica", one, [replicas.Replicas[0]]),
            new Configuration($"{count} replicas", all, replicas.Replicas),
        };
        var validUntil = DateTimeOffset.UtcNow.AddDays(1).ToString("O", CultureInfo.InvariantCulture);
        var batch = 0;
        var kinds = new[]
        {
            new Kind("POST /api/v1/agreements (one agreement.create entry each)", "/api/v1/agreements", () =>
            {
                // Agreement ids unique over the whole run: the batch of pre-signed requests, the wrk thread, the index.
                var prefix = $"b{Interlocked.Increment(ref batch)}";
                return (thread, i) =>
                {
                    var statement = SignedStatement.Sign("dataspace/agreement-request/v1", new JsonObject
                    {
                        ["agreement"] = $"{prefix}-{thread}-{i}",
                        ["offer"] = OfferId,
                        ["purpose"] = "credit-statistics",
                        ["validUntil"] = validUntil,
                    }, operatorKey);
                    return $$"""{"statement":{{statement}}}""";
                };
            }),
            new Kind("GET /api/v1/catalog (read-only)", "/api/v1/catalog", () => null),
        };

        var runner = new GatewayReplicasRunner(replicas, operatorKey, scratch, connections);
        // Warm-up, 10 s by default as in GatewayBenchmark (JIT tiering of five fresh processes, connection pools), and a first estimate of each rate, which sizes the pre-signed request
        // files: a request may be replayed only once, and a signature is good for one minute.
        var estimate = new double[kinds.Length, configurations.Length];
        for (var k = 0; k < kinds.Length; k++)
        {
            for (var c = 0; c < configurations.Length; c++)
            {
                estimate[k, c] = (await runner.RunAsync(kinds[k], configurations[c], warmUp, 5_000)).RequestsPerSecond;
            }
        }

        var runs = new List<GatewayReplicasRun>[kinds.Length, configurations.Length];
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < kinds.Length; k++)
            {
                var expected = Math.Max(estimate[k, 0], estimate[k, 1]) * 2;
                for (var c = 0; c < configurations.Length; c++)
                {
                    (runs[k, c] ??= []).Add(await runner.RunAsync(kinds[k], configurations[c], duration, expected));
                }
            }
        }

        for (var k = 0; k < kinds.Length; k++)
        {
            Report(kinds[k], configurations, [runs[k, 0], runs[k, 1]]);
        }
    }

    private static void Report(Kind kind, Configuration[] configurations, List<GatewayReplicasRun>[] runs)
    {
        var single = Machine.Median(runs[0].Select(r => r.RequestsPerSecond));
        Console.WriteLine();
        Console.WriteLine(kind.Name);
        Console.WriteLine();
        Console.WriteLine("| configuration | requests/s | per replica | per replica ÷ 1 replica | durable appends/s | requests by replica | p50 / p99 ms | CPU µs/request: replicas (of which JIT) / gateway | cores busy | runs (requests/s) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|---:|---:|---:|---|");
        for (var c = 0; c < configurations.Length; c++)
        {
            var r = runs[c];
            var total = Machine.Median(r.Select(x => x.RequestsPerSecond));
            var perReplica = total / configurations[c].Replicas.Count;
            var shares = string.Join(" / ", Enumerable.Range(0, configurations[c].Replicas.Count)
                .Select(i => Machine.Median(r.Select(x => x.ShareOf(i))).ToString("P0", CultureInfo.InvariantCulture)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {configurations[c].Name} | {total:N0} | {perReplica:N0} | {perReplica / single:F2} | {Machine.Median(r.Select(x => x.AppendsPerSecond)):N0} | {shares} | {Machine.Median(r.Select(x => x.P50Ms)):F1} / {Machine.Median(r.Select(x => x.P99Ms)):F1} | {Machine.Median(r.Select(x => x.ReplicaCpuMicroseconds)):F0} ({Machine.Median(r.Select(x => x.ReplicaJitMicroseconds)):F0}) / {Machine.Median(r.Select(x => x.GatewayCpuMicroseconds)):F0} | {Machine.Median(r.Select(x => x.CoresBusy)):F2} of {Environment.ProcessorCount} | {string.Join(", ", r.Select(x => x.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture)))} |"));
        }

        var three = Machine.Median(runs[1].Select(r => r.RequestsPerSecond));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{configurations[1].Name} ÷ 1 replica: {three / single:F2}x in all, {three / configurations[1].Replicas.Count / single:F2}x per replica (target ≥ 0.80 per replica)"));
    }

    /// <summary>The supplier (the connector's key) puts the operator on the trust list and makes a dataset and an offer.</summary>
    private static async Task SetUpAsync(BenchReplicas replicas, SigningKey operatorKey)
    {
        var path = Path.Combine(replicas.DataRoot, "tax.csv");
        await File.WriteAllTextAsync(path, "region,income,tax\n10,50000.00,10500.00\n11,60000.00,12600.00\n");
        using var supplierKey = KeyFiles.LoadSigningKey(replicas.KeyFile);
        using var supplier = new HttpClient(new DataSpace.Connector.Http.SigningHandler(supplierKey)) { BaseAddress = replicas.Replicas[0].Address };
        await BenchConnector.SendAsync(supplier, "/api/v1/parties", new { id = "urn:party:bureau", name = "Credit bureau", role = "Operator", publicKeys = new[] { operatorKey.PublicKey.ExportPem() } });
        await BenchConnector.SendAsync(supplier, "/api/v1/datasets", new { id = "tax", name = "Enterprise tax", location = path, classificationLevel = 2 });
        var policy = BenchConnector.AggregateOffer("urn:policy:bench");
        await BenchConnector.SendAsync(supplier, "/api/v1/offers", new { id = OfferId, dataset = "tax", policy });
    }

    /// <summary>A request to measure: its path, and per batch of pre-signed requests the body of each (null: a GET).</summary>
    internal sealed record Kind(string Name, string Path, Func<Func<int, int, string>?> Bodies);

    internal sealed record Configuration(string Name, GatewayProcess Gateway, IReadOnlyList<ConnectorProcess> Replicas);
}

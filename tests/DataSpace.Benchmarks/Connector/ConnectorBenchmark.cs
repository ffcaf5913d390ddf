using System.Globalization;

namespace DataSpace.Benchmarks.Connector;

/// <summary>
/// <c>connector [seconds] [rounds] [jobs] [concurrency,...]</c>: the running connector over loopback HTTP.
/// (a) Side by side, interleaved round by round: signed GET /api/v1/catalog, signed GET /api/v1/connector (an
/// anonymous endpoint; the signature is still verified because headers are present) and the same unsigned, so
/// the cost of signing plus verifying and the cost of the catalogue itself separate. (b) Submit-to-released of
/// grouped-stats jobs approved right after submission over a 10,000-row CSV with the module cached.
/// </summary>
internal static class ConnectorBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 2;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var jobs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50;
        var levels = args.Length > 3 ? args[3].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() : [16, 32, 64];
        const int Rows = 10_000;
        Console.WriteLine($"# connector: loopback Kestrel, SQLite store, file logging on; {seconds} s per round, median of {rounds} interleaved rounds; {jobs} jobs over {Rows:N0} rows; {Machine.Describe()}");

        await using var connector = await BenchConnector.StartAsync(Rows);
        var duration = TimeSpan.FromSeconds(seconds);
        var contenders = new (string Name, string Path, bool Signed)[]
        {
            ("signed GET /api/v1/catalog", "/api/v1/catalog", true),
            ("signed GET /api/v1/connector", "/api/v1/connector", true),
            ("unsigned GET /api/v1/connector", "/api/v1/connector", false),
        };

        // Warm-up: the code of every contender tiered up (about 3 s each; shorter rounds ran visibly slower at first).
        foreach (var (_, path, signed) in contenders)
        {
            using var client = signed ? connector.SignedClient(connector.OperatorKey, levels[0]) : connector.PlainClient(levels[0]);
            _ = await CatalogThroughput.MeasureAsync(client, path, levels[0], TimeSpan.FromSeconds(3));
        }

        Console.WriteLine("| endpoint | clients | requests/s (median) | p50 ms | p99 ms | vs unsigned | rounds (req/s) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var concurrency in levels)
        {
            var clients = contenders.Select(c => c.Signed ? connector.SignedClient(connector.OperatorKey, concurrency) : connector.PlainClient(concurrency)).ToArray();
            var results = contenders.Select(_ => new List<CatalogThroughput.Round>()).ToArray();
            for (var i = 0; i < contenders.Length; i++)
            {
                // Connections opened.
                _ = await CatalogThroughput.MeasureAsync(clients[i], contenders[i].Path, concurrency, TimeSpan.FromSeconds(Math.Min(1, seconds)));
            }

            for (var round = 0; round < rounds; round++)
            {
                for (var i = 0; i < contenders.Length; i++)
                {
                    results[i].Add(await CatalogThroughput.MeasureAsync(clients[i], contenders[i].Path, concurrency, duration));
                }
            }

            var unsigned = Machine.Median(results[^1].Select(r => r.RequestsPerSecond));
            for (var i = 0; i < contenders.Length; i++)
            {
                var rps = Machine.Median(results[i].Select(r => r.RequestsPerSecond));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {contenders[i].Name} | {concurrency} | {rps:N0} | {Machine.Median(results[i].Select(r => r.P50Ms)):F2} | {Machine.Median(results[i].Select(r => r.P99Ms)):F2} | {rps / unsigned:F2}x | {string.Join(", ", results[i].Select(r => r.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture)))} |"));
            }

            foreach (var client in clients)
            {
                client.Dispose();
            }
        }

        // Module cached and code warm before the timed jobs.
        _ = await JobLatency.MeasureAsync(connector, 3);
        var samples = await JobLatency.MeasureAsync(connector, jobs);
        Console.WriteLine();
        Console.WriteLine($"| submit-to-released, {jobs} jobs approved at once, in sequence | p50 ms | p99 ms | min ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Row("client: POST /api/v1/jobs, POST approve → GET shows Released (2 ms polls)", samples.Select(s => s.ClientMs));
        Row("  of which the POST's response", samples.Select(s => s.SubmitMs));
        Row("server: SubmittedAt → FinishedAt", samples.Select(s => s.ServerMs));
        Row("  submitted → claimed by the runner", samples.Select(s => s.QueueMs));
        Row("  claimed → released (decide, read, run, vet, seal, log)", samples.Select(s => s.RunMs));
        return 0;
    }

    private static void Row(string name, IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Machine.Median(sorted):F1} | {sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))]:F1} | {sorted[0]:F1} | {sorted[^1]:F1} |"));
    }
}

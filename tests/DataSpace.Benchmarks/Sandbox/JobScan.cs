using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Benchmarks.Connector;
using DataSpace.Benchmarks.Gateway;
using DataSpace.Connector.Http;
using DataSpace.Crypto.Envelope;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using DataSpace.Sandbox.Data;
using DataSpace.Tests.Common;
using DuckDB.NET.Data;
using Parquet;
using Parquet.Schema;

namespace DataSpace.Benchmarks.Sandbox;

/// <summary>
/// <c>job-scan [rows per file] [files] [folder] [--only a,b,c] [--warm-ups N]</c> (issue 18, item 4): a grouped-stats module job over a folder dataset of
/// Parquet files (20 × 5,000,000 rows by default: <c>region</c> a dictionary-encoded string of 50 values, <c>income</c>
/// and <c>tax</c> float64), end to end through real <c>dsc serve</c> processes on one PostgreSQL schema with the shared
/// log, against DuckDB's <c>read_parquet</c> with the same query (count and clamped sums per region) in the same run.
/// Configurations: one replica with <c>Connector:Jobs:TaskWorkers=1</c>, one with 2, two replicas with 1 each; DuckDB on
/// 1 and 2 threads. Every run is cold (the page cache dropped just before, which needs root) and timed from the supplier's
/// approval to the first poll that shows the job Released (<c>Jobs:PublishGrid</c> 0); figures are medians of
/// <see cref="Runs"/> after jobs that warm the replicas up (shown, not counted: until <see cref="QuietWarmUps"/> in a row
/// found the replicas' runtimes compiling for at most <see cref="QuietJitSeconds"/>, from their <c>/metrics</c>, or
/// <c>--warm-ups N</c> of them, 30 by default), with the CPU time spent (this process and the replicas) and the load others put on the machine
/// meanwhile. Each measured job is paired with a cold DuckDB run on as many threads as the configuration has task runners,
/// just before it (the machine's speed drifts over minutes), and the ratio of the medians of those pairs is the one to
/// read. Each released aggregate (opened by the data user) must equal DuckDB's counts and sums. Alongside, where the
/// time goes: hashing every file cold (each task hashes its own files before reading them), hashing them again warm on
/// one thread (SHA-256 alone), and the plain reader over the three columns on one thread, cold and warm.
/// The folder is written once (to <c>folder</c>, else under the scratch directory) and reused.
/// </summary>
internal static class JobScan
{
    private const int Runs = 3;
    private const int DefaultMaxWarmUps = 30;
    private const int QuietWarmUps = 3;
    private const double QuietJitSeconds = 0.2;
    private const int RowGroup = 250_000;
    private const int Regions = 50;
    private const string AgreementId = "agr-job-scan";
    private const string Query = "SELECT region, count(*), sum(least(greatest(income, 0), 1e6)), sum(least(greatest(tax, 0), 5e5)) "
        + "FROM read_parquet('{0}/**/*.parquet', hive_partitioning = true) GROUP BY region";

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    public static async Task<int> RunAsync(string[] args)
    {
        // --only b,c: run only those configurations (a, b, c) after DuckDB, for profiling one of them.
        var only = Option(args, "--only")?.Split(',') ?? ["a", "b", "c"];
        // --warm-ups N: the most warm-up jobs a configuration runs before the measured ones (shown, not counted).
        var maxWarmUps = int.Parse(Option(args, "--warm-ups") ?? DefaultMaxWarmUps.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        args = [.. args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal))];
        var rowsPerFile = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5_000_000;
        var files = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var folder = args.Length > 2 ? Path.GetFullPath(args[2]) : Path.Combine(Machine.ScratchDirectory("job-scan"), $"tax-{files}x{rowsPerFile}");
        var rows = (long)files * rowsPerFile;
        if (!File.Exists(folder + ".done"))
        {
            var stopwatch = Stopwatch.StartNew();
            await WriteAsync(folder, files, rowsPerFile);
            await File.WriteAllTextAsync(folder + ".done", "complete\n");
            Console.WriteLine($"wrote {files} files of {rowsPerFile:N0} rows in {stopwatch.Elapsed.TotalSeconds:F1} s");
        }

        var bytes = Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        var cold = CanDropCaches();
        Console.WriteLine($"# job-scan: {Machine.Describe()}");
        Console.WriteLine($"dataset: {folder} ({files} files, {rows:N0} rows, {bytes / 1048576.0:F0} MiB, row groups of {RowGroup:N0}; encodings {Encodings(folder)})");
        Console.WriteLine(cold ? "every run cold: page cache dropped (sync; echo 3 > /proc/sys/vm/drop_caches) before it" : "WARNING: cannot drop the page cache (not root?): runs are warm");
        Console.WriteLine($"query: {string.Format(CultureInfo.InvariantCulture, Query, folder)}");

        var reference = Duck(folder, 2);
        Console.WriteLine("DuckDB's result (the reference every release is checked against):");
        foreach (var (region, (count, income, tax)) in reference.OrderBy(r => r.Key, StringComparer.Ordinal).Take(3))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {region}: count {count}, sum(income) {income:F2}, sum(tax) {tax:F2}"));
        }

        Console.WriteLine($"  ... {reference.Count} groups, {reference.Values.Sum(v => v.Count):N0} rows");
        if (reference.Values.Sum(v => v.Count) != rows)
        {
            throw new InvalidOperationException($"DuckDB counted {reference.Values.Sum(v => v.Count)} rows, not {rows}");
        }

        var results = new List<(string Name, List<Sample> Samples)>();
        var paired = new Dictionary<string, (int Threads, List<Sample> Duck)>(StringComparer.Ordinal);
        var parts = only.Length < 3 ? [] : new List<(string Name, List<Sample> Samples)>
        {
            ("hashing every file cold, files on all cores (each task hashes its own files, cold, before reading them)", await TimeAsync(() => HashFolder(folder, Environment.ProcessorCount))),
            ("hashing every file again, warm, 1 thread (SHA-256's CPU cost alone)", await TimeAsync(() => HashFolder(folder, 1), warm: true)),
            ("plain reader, 3 columns, 1 thread, cold (no module)", await TimeAsync(() => ReadAll(folder, rows))),
            ("plain reader, 3 columns, 1 thread, warm (as a task reads after hashing its files)", await TimeAsync(() => ReadAll(folder, rows), warm: true)),
        };
        results.Add(("DuckDB read_parquet, threads=1", await TimeAsync(() => Check("DuckDB threads=1", Duck(folder, 1), reference))));
        results.Add(("DuckDB read_parquet, threads=2", await TimeAsync(() => Check("DuckDB threads=2", Duck(folder, 2), reference))));

        var configurations = new (string Name, int Replicas, int Workers)[]
        {
            ("(a) 1 replica, TaskWorkers=1", 1, 1),
            ("(b) 1 replica, TaskWorkers=2", 1, 2),
            ("(c) 2 replicas, TaskWorkers=1 each", 2, 1),
        };
        foreach (var (name, replicas, workers) in configurations.Where(c => only.Contains(c.Name[1..2], StringComparer.Ordinal)))
        {
            // Each measured job is paired with a cold DuckDB run on as many threads as the configuration has runners, just
            // before it, so the ratio compares runs minutes apart at most, on a machine whose speed drifts.
            var threads = replicas * workers;
            var duck = new List<Sample>();
            results.Add((name, await JobsAsync(folder, rows, replicas, workers, maxWarmUps, reference,
                async () => duck.Add(await TimeDuckAsync(folder, threads, reference)))));
            paired[name] = (threads, duck);
        }

        var duckOne = Machine.Median(results[0].Samples.Select(s => s.Seconds));
        var duckTwo = Machine.Median(results[1].Samples.Select(s => s.Seconds));
        Console.WriteLine();
        Console.WriteLine($"{rows:N0} rows, median of {Runs} cold runs. CPU: the CPU time of this process and its replicas over the run (median; less");
        Console.WriteLine("sensitive to a shared machine than the time). Others' load: the cores others kept busy over the run (the machine's busy");
        Console.WriteLine("time less that CPU; PostgreSQL's included), min–max.");
        Console.WriteLine();
        Console.WriteLine("| contender | median | M rows/s | × DuckDB 1 thread | × DuckDB 2 threads | × DuckDB paired (same cores, just before each run) | CPU (s, ours) | of which replicas' JIT (s) | others' load (cores) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|---:|---:|---:|");
        foreach (var (name, samples) in results)
        {
            var median = Machine.Median(samples.Select(s => s.Seconds));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {median:F2} s | {rows / median / 1e6:F1} | {median / duckOne:F2}× | {median / duckTwo:F2}× | {Paired(name, median)} | {Machine.Median(samples.Select(s => s.CpuSeconds)):F1} | {Machine.Median(samples.Select(s => s.JitSeconds)):F1} | {samples.Min(s => s.OthersLoad):F1}–{samples.Max(s => s.OthersLoad):F1} |"));
        }

        Console.WriteLine();
        Console.WriteLine("Where the time goes (in this process):");
        string Paired(string name, double median) => paired.TryGetValue(name, out var pair)
            ? string.Create(CultureInfo.InvariantCulture, $"**{median / Machine.Median(pair.Duck.Select(s => s.Seconds)):F2}×** (DuckDB {pair.Threads} thread(s): {string.Join(", ", pair.Duck.Select(s => s.Seconds.ToString("F2", CultureInfo.InvariantCulture)))} s)")
            : "";
        foreach (var (name, samples) in parts)
        {
            var median = Machine.Median(samples.Select(s => s.Seconds));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name}: {median:F2} s ({rows / median / 1e6:F1} M rows/s, {bytes / median / 1048576:F0} MiB/s, {Machine.Median(samples.Select(s => s.CpuSeconds)):F1} s CPU), others' load {samples.Min(s => s.OthersLoad):F1}–{samples.Max(s => s.OthersLoad):F1}"));
        }

        return 0;
    }

    /// <summary>
    /// One run's time, what else kept the machine busy meanwhile (cores, on average), the CPU time of this process and the
    /// replicas, and the replicas' JIT compilation time within it.
    /// </summary>
    private sealed record Sample(double Seconds, double OthersLoad, double CpuSeconds, double JitSeconds = 0);

    /// <summary>One cold run of DuckDB's query on <paramref name="threads"/> threads, its result checked against the reference.</summary>
    private static Task<Sample> TimeDuckAsync(string folder, int threads, Dictionary<string, (long Count, double Income, double Tax)> reference)
    {
        DropCaches();
        return MeasureAsync([], () =>
        {
            Check($"DuckDB threads={threads}", Duck(folder, threads), reference);
            return Task.CompletedTask;
        });
    }

    private static string? Option(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

    /// <summary>
    /// The time the replicas' runtimes have spent compiling methods (<c>dotnet.jit.compilation.time</c> of the
    /// <c>System.Runtime</c> meter, from each replica's Prometheus scrape on loopback).
    /// </summary>
    private static async Task<double> JitSecondsAsync(IReadOnlyList<ConnectorProcess> replicas)
    {
        using var http = new HttpClient();
        var total = 0.0;
        foreach (var replica in replicas)
        {
            var scrape = PrometheusScrape.Parse(await http.GetStringAsync(new Uri(replica.Address, "/metrics")));
            var jit = scrape.Samples.Where(s => s.Name.StartsWith("dotnet_jit_compilation_time", StringComparison.Ordinal)).ToList();
            if (jit.Count == 0)
            {
                throw new InvalidOperationException($"replica {replica.Address} exports no dotnet_jit_compilation_time (is the System.Runtime meter still exported?)");
            }

            total += jit.Sum(s => s.Value);
        }

        return total;
    }

    /// <summary>Runs <paramref name="run"/> <see cref="Runs"/> times in this process, each cold (or each warm, after a first run unmeasured).</summary>
    private static async Task<List<Sample>> TimeAsync(Action run, bool warm = false)
    {
        var samples = new List<Sample>();
        if (warm)
        {
            run();
        }

        for (var i = 0; i < Runs; i++)
        {
            if (!warm)
            {
                DropCaches();
            }

            samples.Add(await MeasureAsync([], () =>
            {
                run();
                return Task.CompletedTask;
            }));
        }

        return samples;
    }

    /// <summary>Times <paramref name="run"/>, with the machine's busy time less this process's and <paramref name="pids"/>' CPU.</summary>
    private static async Task<Sample> MeasureAsync(IReadOnlyList<int> pids, Func<Task> run)
    {
        var (busy, own) = (MachineBusy(), OwnCpu(pids));
        var stopwatch = Stopwatch.StartNew();
        await run();
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var cpu = (OwnCpu(pids) - own).TotalSeconds;
        var others = (MachineBusy() - busy).TotalSeconds - cpu;
        return new Sample(seconds, Math.Max(0, others / seconds), cpu);
    }

    private static TimeSpan OwnCpu(IReadOnlyList<int> pids) =>
        pids.Aggregate(Process.GetCurrentProcess().TotalProcessorTime, (sum, pid) => sum + ProcessCpu.OfTree(pid));

    /// <summary>
    /// One configuration: its replicas started on a fresh PostgreSQL schema (store and shared log), the dataset registered
    /// and offered and an agreement made, then <see cref="Runs"/> jobs, each submitted, the page cache dropped, approved
    /// and polled until Released; each release opened and checked against DuckDB's result.
    /// </summary>
    private static async Task<List<Sample>> JobsAsync(
        string folder, long rows, int count, int workers, int maxWarmUps, Dictionary<string, (long Count, double Income, double Tax)> reference,
        Func<Task> beforeEachMeasured)
    {
        var scratch = Machine.ScratchDirectory("job-scan-" + Guid.NewGuid().ToString("N"));
        var (schema, connectionString) = TestPostgres.CreateSchema();
        var replicas = new List<ConnectorProcess>();
        try
        {
            Dictionary<string, string> Settings(int index) => new(StringComparer.Ordinal)
            {
                ["Storage:Engine"] = "Postgres",
                ["Storage:ConnectionString"] = connectionString,
                ["Storage:Log"] = "Postgres",
                ["ReplicaId"] = $"replica-{index}",
                ["DataRoots:0"] = Path.GetDirectoryName(folder)!,
                ["Jobs:PublishGrid"] = "00:00:00",
                ["Jobs:TaskWorkers"] = workers.ToString(CultureInfo.InvariantCulture),
                ["Jobs:WallTimePerMillionRows"] = "00:00:10",
                ["Sandbox:WallTime"] = "00:30:00",
                ["Sandbox:Fuel"] = "1000000000000",
            };

            replicas.Add(await ConnectorProcess.StartAsync(Path.Combine(scratch, "replica-0"), Settings(0)));
            for (var i = 1; i < count; i++)
            {
                CopyKeys(Path.Combine(replicas[0].DataDirectory, "keys"), Path.Combine(scratch, $"replica-{i}", "connector", "keys"));
                replicas.Add(await ConnectorProcess.StartAsync(Path.Combine(scratch, $"replica-{i}"), Settings(i)));
            }

            using var supplierKey = KeyFiles.LoadSigningKey(Path.Combine(replicas[0].DataDirectory, "keys", "connector.key"));
            using var operatorKey = SignatureSuites.Ed25519.GenerateKey();
            using var dataUserKey = SignatureSuites.P256.GenerateKey();
            using var supplier = Client(supplierKey, replicas[0]);
            using var operatorClient = Client(operatorKey, replicas[^1]);
            using var dataUser = Client(dataUserKey, replicas[0]);
            var wasm = await File.ReadAllBytesAsync(Path.Combine(Repository.Root, "samples", "jobs", "grouped-stats", "grouped-stats.wasm"));
            var registering = Stopwatch.StartNew();
            await SetUpAsync(supplier, operatorClient, folder, operatorKey, dataUserKey, wasm);
            Console.WriteLine($"{count} replica(s), TaskWorkers={workers}: dataset registered (folder hashed) and agreed in {registering.Elapsed.TotalSeconds:F1} s");

            var manifest = new JsonObject
            {
                ["agreement"] = AgreementId,
                ["dataset"] = "tax",
                ["columns"] = new JsonArray("region", "income", "tax"),
                ["output"] = "aggregate",
                ["recipient"] = dataUserKey.PublicKey.ExportPem(),
                ["measures"] = new JsonArray(
                    new JsonObject { ["name"] = "income", ["lower"] = 0, ["upper"] = 1e6 },
                    new JsonObject { ["name"] = "tax", ["lower"] = 0, ["upper"] = 5e5 }),
                ["groupKeyColumn"] = "region",
            };
            var module = Convert.ToBase64String(wasm);
            const string source = "/* grouped-stats: samples/jobs/grouped-stats/grouped-stats.c (not rebuilt by the benchmark) */\n";
            var samples = new List<Sample>();
            // Warm-up jobs come first, shown but not counted: their tasks compile the module on each replica, and the
            // runtime JITs the host's code paths, recompiling the hot ones over several jobs (a connector runs for days).
            // They go on until QuietWarmUps jobs in a row found the replicas compiling for at most QuietJitSeconds (or
            // until maxWarmUps); then Runs jobs are measured.
            var (warmedUp, quiet, measured) = (0, 0, 0);
            while (measured < Runs)
            {
                var warming = quiet < QuietWarmUps && warmedUp < maxWarmUps;
                if (!warming)
                {
                    await beforeEachMeasured();
                }

                var id = (await BenchConnector.SendAsync(operatorClient, "/api/v1/jobs", new { manifest, module, source })).GetProperty("id").GetString()!;
                DropCaches();
                JsonElement view = default;
                var approved = DateTimeOffset.UtcNow;
                var jit = await JitSecondsAsync(replicas);
                var sample = await MeasureAsync([.. replicas.Select(r => r.ProcessId)], async () =>
                {
                    await BenchConnector.SendAsync(supplier, $"/api/v1/jobs/{id}/approve", new { }, HttpStatusCode.OK);
                    view = await WaitReleasedAsync(operatorClient, id);
                });
                sample = sample with { JitSeconds = await JitSecondsAsync(replicas) - jit };
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {(warming ? $"warm-up {++warmedUp}" : $"run {++measured}")}: approve → Released {sample.Seconds:F2} s (approve → the job view's finishedAt {(view.GetProperty("finishedAt").GetDateTimeOffset() - approved).TotalSeconds:F2} s), {view.GetProperty("rowsProcessed").GetInt64():N0} rows, CPU {sample.CpuSeconds:F1} s of which the replicas' JIT {sample.JitSeconds:F1} s, others' load {sample.OthersLoad:F1} cores"));
                if (view.GetProperty("rowsProcessed").GetInt64() != rows)
                {
                    throw new InvalidOperationException($"job {id} processed {view.GetProperty("rowsProcessed").GetInt64()} rows, not {rows}");
                }

                await CheckReleaseAsync(dataUser, dataUserKey, id, reference);
                if (warming)
                {
                    quiet = sample.JitSeconds <= QuietJitSeconds ? quiet + 1 : 0;
                    if (quiet < QuietWarmUps && warmedUp == maxWarmUps)
                    {
                        Console.WriteLine($"  WARNING: the replicas were still compiling after {maxWarmUps} warm-up jobs (--warm-ups)");
                    }
                }
                else
                {
                    samples.Add(sample);
                }
            }

            return samples;
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }

            TestPostgres.DropSchema(schema);
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static HttpClient Client(SigningKey key, ConnectorProcess replica) =>
        new(new SigningHandler(key)) { BaseAddress = replica.Address, Timeout = TimeSpan.FromMinutes(10) };

    /// <summary>The parties, the folder dataset (hashed once here, at registration), an offer admitting grouped-stats by digest, an agreement.</summary>
    private static async Task SetUpAsync(HttpClient supplier, HttpClient operatorClient, string folder, SigningKey operatorKey, SigningKey dataUserKey, byte[] wasm)
    {
        await BenchConnector.SendAsync(supplier, "/api/v1/parties", new { id = "urn:party:bureau", name = "Credit bureau", role = "Operator", publicKeys = new[] { operatorKey.PublicKey.ExportPem() } });
        await BenchConnector.SendAsync(supplier, "/api/v1/parties", new { id = "urn:party:bank", name = "City bank", role = "DataUser", publicKeys = new[] { dataUserKey.PublicKey.ExportPem() } });
        await BenchConnector.SendAsync(supplier, "/api/v1/datasets", new { id = "tax", name = "Enterprise tax (folder)", location = folder, classificationLevel = 2 });
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(wasm));
        var policy = BenchConnector.AggregateOffer("urn:policy:job-scan", digest);
        await BenchConnector.SendAsync(supplier, "/api/v1/offers", new { id = "offer-job-scan", dataset = "tax", policy });
        var request = SignedStatement.Sign("dataspace/agreement-request/v1", new JsonObject
        {
            ["agreement"] = AgreementId,
            ["offer"] = "offer-job-scan",
            ["purpose"] = "credit-statistics",
            ["validUntil"] = DateTimeOffset.UtcNow.AddDays(1).ToString("O", CultureInfo.InvariantCulture),
        }, operatorKey);
        await BenchConnector.SendAsync(operatorClient, "/api/v1/agreements", new { statement = JsonNode.Parse(request.ToString()) });
    }

    private static async Task<JsonElement> WaitReleasedAsync(HttpClient client, string id)
    {
        while (true)
        {
            using var response = await client.GetAsync("/api/v1/jobs/" + id);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"GET job {id}: {(int)response.StatusCode} {text}");
            }

            var view = JsonDocument.Parse(text).RootElement.Clone();
            var state = view.GetProperty("state").GetString();
            if (state == "Released")
            {
                return view;
            }

            if (state is "Failed" or "Refused" or "Rejected" or "Withheld")
            {
                throw new InvalidOperationException($"job {id} ended {state}: {text}");
            }

            await Task.Delay(Poll);
        }
    }

    /// <summary>The data user opens the release: every group's count must be DuckDB's, every sum equal to 1e-9 relative.</summary>
    private static async Task CheckReleaseAsync(HttpClient dataUser, SigningKey dataUserKey, string id, Dictionary<string, (long Count, double Income, double Tax)> reference)
    {
        using var response = await dataUser.GetAsync("/api/v1/results/" + id);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET result {id}: {(int)response.StatusCode} {body}");
        }

        var envelope = Convert.FromBase64String(JsonDocument.Parse(body).RootElement.GetProperty("envelope").GetString()!);
        using var plain = JsonDocument.Parse(Envelopes.Open(dataUserKey, id, SealedEnvelope.Parse(envelope)));
        var released = plain.RootElement.GetProperty("aggregate").GetProperty("Groups").EnumerateArray().ToDictionary(
            g => g.GetProperty("Key").GetString()!,
            g =>
            {
                var sums = g.GetProperty("Measures").EnumerateArray().ToDictionary(m => m.GetProperty("Name").GetString()!, m => m.GetProperty("Sum").GetDouble());
                return (g.GetProperty("Count").GetInt64(), sums["income"], sums["tax"]);
            },
            StringComparer.Ordinal);
        Check($"job {id}", released, reference);
        var first = reference.Keys.Order(StringComparer.Ordinal).First();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    released = DuckDB: {released.Count} groups, {released.Values.Sum(v => v.Item1):N0} rows; {first}: count {released[first].Item1} (DuckDB {reference[first].Count}), sum(income) {released[first].Item2:F2} (DuckDB {reference[first].Income:F2})"));
    }

    private static Dictionary<string, (long Count, double Income, double Tax)> Check(
        string name, Dictionary<string, (long Count, double Income, double Tax)> result, Dictionary<string, (long Count, double Income, double Tax)> reference)
    {
        static bool Near(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(b));
        if (result.Count != reference.Count)
        {
            throw new InvalidOperationException($"{name}: {result.Count} groups, DuckDB {reference.Count}");
        }

        foreach (var (region, (count, income, tax)) in reference)
        {
            if (!result.TryGetValue(region, out var other) || other.Count != count || !Near(other.Income, income) || !Near(other.Tax, tax))
            {
                throw new InvalidOperationException($"{name}: group '{region}' is {(result.TryGetValue(region, out var o) ? o.ToString() : "missing")}, DuckDB ({count}, {income}, {tax})");
            }
        }

        return result;
    }

    private static Dictionary<string, (long Count, double Income, double Tax)> Duck(string folder, int threads)
    {
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = $"SET threads = {threads}";
        command.ExecuteNonQuery();
        command.CommandText = string.Format(CultureInfo.InvariantCulture, Query, folder);
        var groups = new Dictionary<string, (long Count, double Income, double Tax)>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            groups[reader.GetString(0)] = (reader.GetInt64(1), reader.GetDouble(2), reader.GetDouble(3));
        }

        return groups;
    }

    /// <summary>The encodings of each column's chunks in the first file, as DuckDB's <c>parquet_metadata</c> reads them.</summary>
    private static string Encodings(string folder)
    {
        var first = Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = $"SELECT path_in_schema, string_agg(DISTINCT encodings, '; ') FROM parquet_metadata('{first}') GROUP BY path_in_schema ORDER BY path_in_schema";
        using var reader = command.ExecuteReader();
        var parts = new List<string>();
        while (reader.Read())
        {
            parts.Add($"{reader.GetString(0)}: {reader.GetString(1)}");
        }

        return string.Join(", ", parts);
    }

    /// <summary>Every file's SHA-256, <paramref name="threads"/> files at once, as <c>DatasetFolder.Hash</c> does (on all cores) for a task's files.</summary>
    private static void HashFolder(string folder, int threads)
    {
        var paths = Directory.GetFiles(folder, "*.parquet", SearchOption.AllDirectories);
        Parallel.ForEach(paths, new ParallelOptions { MaxDegreeOfParallelism = threads }, path =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }

            ArrayPool<byte>.Shared.Return(buffer);
        });
    }

    /// <summary>The reader a task uses (one decode thread, on the reading thread), over the job's three columns, nothing done with them.</summary>
    private static void ReadAll(string folder, long rows)
    {
        using var source = (PartitionedDataSource)DataSources.OpenParquetFolder(folder);
        long read = 0;
        foreach (var batch in source.ReadBatches(["region", "income", "tax"], 65_536))
        {
            read += batch.Length;
            BatchMemory.Release(batch);
        }

        if (read != rows)
        {
            throw new InvalidOperationException($"the reader read {read} rows, not {rows}");
        }
    }

    private static bool CanDropCaches()
    {
        try
        {
            DropCaches();
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    private static void DropCaches()
    {
        using (var sync = Process.Start("sync"))
        {
            sync.WaitForExit();
        }

        File.WriteAllText("/proc/sys/vm/drop_caches", "3\n");
    }

    /// <summary>CPU time all cores spent on anything but idle and I/O wait since boot (<c>/proc/stat</c>, USER_HZ ticks).</summary>
    private static TimeSpan MachineBusy()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return TimeSpan.FromSeconds((fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7]) / 100.0);
    }

    private static void CopyKeys(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            var target = Path.Combine(to, Path.GetFileName(file));
            File.Copy(file, target);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, File.GetUnixFileMode(file)); // the connector refuses a key file others can read
            }
        }
    }

    /// <summary>
    /// Writes the folder: <paramref name="files"/> files of <paramref name="rowsPerFile"/> rows, row groups of
    /// <see cref="RowGroup"/>, <c>region</c> dictionary-encoded (Parquet.Net's <see cref="ParquetOptions.ColumnEncodingHints"/>),
    /// each file from its own seed, two files at a time.
    /// </summary>
    private static async Task WriteAsync(string folder, int files, int rowsPerFile)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var names = Enumerable.Range(0, Regions).Select(r => $"region-{r:D2}").ToArray();
        await Parallel.ForAsync(0, files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (f, token) =>
        {
            var region = new DataField<string>("region");
            var income = new DataField<double>("income");
            var tax = new DataField<double>("tax");
            var options = new ParquetOptions();
            options.ColumnEncodingHints[region.Path.ToString()] = EncodingHint.Dictionary;
            var random = new Random(20261206 + f);
            await using var stream = File.Create(Path.Combine(folder, $"part-{f:D3}.parquet"));
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(region, income, tax), stream, options, cancellationToken: token);
            var regions = new string[RowGroup];
            var incomes = new double[RowGroup];
            var taxes = new double[RowGroup];
            for (var start = 0; start < rowsPerFile; start += RowGroup)
            {
                var length = Math.Min(RowGroup, rowsPerFile - start);
                for (var i = 0; i < length; i++)
                {
                    regions[i] = names[random.Next(Regions)];
                    incomes[i] = Math.Round(random.NextDouble() * 200_000, 2);
                    taxes[i] = Math.Round(incomes[i] * 0.12, 2);
                }

                using var group = writer.CreateRowGroup();
                await group.WriteAsync(region, length == RowGroup ? regions : regions[..length]);
                await group.WriteAsync<double>(income, incomes.AsMemory(0, length), cancellationToken: token);
                await group.WriteAsync<double>(tax, taxes.AsMemory(0, length), cancellationToken: token);
            }
        });
    }
}

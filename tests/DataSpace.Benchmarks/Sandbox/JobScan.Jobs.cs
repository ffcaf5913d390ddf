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
using DataSpace.Tests.Common;

namespace DataSpace.Benchmarks.Sandbox;

/// <summary>The configurations' side of <see cref="JobScan"/>: replicas started, the dataset agreed, jobs run and their releases checked.</summary>
internal static partial class JobScan
{
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
            total += ConnectorProcess.JitSeconds(PrometheusScrape.Parse(await http.GetStringAsync(new Uri(replica.Address, "/metrics"))));
        }

        return total;
    }

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
                BenchReplicas.CopyKeys(Path.Combine(replicas[0].DataDirectory, "keys"), Path.Combine(scratch, $"replica-{i}", "connector", "keys"));
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
}

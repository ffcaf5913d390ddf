using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DataSpace.Benchmarks.Sandbox;
using DataSpace.Connector.Audit;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Http;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace DataSpace.Benchmarks.Connector;

/// <summary>
/// The connector a console looks at after months of use (docs/benchmarks.md, "Lists at scale"): a real connector
/// (in process, SQLite, a scratch data directory) whose log holds <c>entries</c> entries of the connector's own actions
/// over the last 90 days, written before the connector opens it, as SettlementBenchmark writes its log; then, over signed
/// HTTP, a trust list of 64 parties, 60 datasets, 120 offers, 1,000 agreements (50 revoked) and one real job; then
/// <c>jobs</c> jobs inserted straight into <c>connector.db</c> as copies of that job, spread over the agreements (so over
/// 40 operators), six states and the 90 days. The log's entries name those jobs, agreements, datasets and parties.
/// </summary>
internal sealed class ListsScenario : IAsyncDisposable
{
    public const int Operators = 40;
    public const int DataUsers = 20;
    public const int Auditors = 4;
    public const int Datasets = 60;
    public const int OffersPerDataset = 2;
    public const int Agreements = 1_000;
    public const int Revoked = 50;

    private static readonly string[] Flow =
        ["job.submit", "policy.decision", "job.approve", "job.start", "dataset.read", "budget.debit", "policy.decision", "result.hold", "result.release"];

    private static readonly string[] Rare =
        ["agreement.create", "offer.create", "dataset.register", "party.add", "settlement.close", "agreement.revoke", "job.fail", "job.refuse", "job.reject"];

    private readonly string _scratch;
    private readonly Dictionary<string, SigningKey> _keys = new(StringComparer.Ordinal);

    private ListsScenario(string scratch) => _scratch = scratch;

    public ConnectorApp App { get; private set; } = null!;

    public SigningKey SupplierKey { get; private set; } = null!;

    public SigningKey Key(string party) => _keys[party];

    public static string Operator(int i) => $"urn:party:operator-{i:D2}";

    public static string DataUser(int i) => $"urn:party:data-user-{i:D2}";

    public static string Auditor(int i) => $"urn:party:auditor-{i:D2}";

    public static string Dataset(int i) => $"ds-{i:D2}";

    public static string Agreement(int i) => $"agr-{i:D4}";

    public static string Job(long i) => "job-" + i.ToString("x24", CultureInfo.InvariantCulture);

    /// <summary>Where the 90 days of the log and the jobs end: ten minutes before the run.</summary>
    public DateTimeOffset End { get; } = DateTimeOffset.UtcNow.AddMinutes(-10);

    public DateTimeOffset Start => End.AddDays(-90);

    public static ListsScenario Create() => new(Machine.ScratchDirectory("lists-" + Guid.NewGuid().ToString("N")));

    private string DataDirectory => Path.Combine(_scratch, "data");

    private ConnectorApp Build() => ConnectorHost.Build(
    [
        $"--Connector:DataDirectory={DataDirectory}",
        "--Connector:Urls=http://127.0.0.1:0",
        "--Connector:Logging:Console=None",
    ]);

    /// <summary>First start of a fresh data directory (its key, empty log and migrated database), then stopped; returns the supplier's party id.</summary>
    public async Task<string> InitialiseAsync()
    {
        await using var app = Build();
        await app.StartAsync();
        var supplier = app.Identity.Id;
        await app.StopAsync();
        SupplierKey = KeyFiles.LoadSigningKey(Path.Combine(DataDirectory, "keys", "connector.key"));
        return supplier;
    }

    /// <summary>Appends <paramref name="entries"/> entries over <see cref="Start"/> to <see cref="End"/> with the connector stopped; returns the log's size.</summary>
    public async Task<long> BuildLogAsync(long entries, long jobs, string supplier)
    {
        await using var log = TransparencyLog.Open(new LogOptions { Directory = Path.Combine(DataDirectory, "log"), Digest = SupplierKey.Suite.Digest });
        var step = (End - Start).Ticks / entries;
        long next = -1;
        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            long k;
            while ((k = Interlocked.Increment(ref next)) < entries)
            {
                await log.AppendAsync(Entry(k, jobs, supplier, Start.AddTicks(step * k)));
            }
        })));
        return log.Head.Size;
    }

    /// <summary>Entry <paramref name="k"/>: nine of ten follow a job through its run, the tenth is one of the rarer actions.</summary>
    private static LogEntry Entry(long k, long jobs, string supplier, DateTimeOffset when)
    {
        var job = k / 10 % jobs;
        var agreement = (int)(job % Agreements);
        var dataset = Dataset(agreement % (Datasets * OffersPerDataset) / OffersPerDataset);
        var step = (int)(k % 10);
        var (action, actor, resource) = step < Flow.Length
            ? Flow[step] switch
            {
                "job.submit" => (Flow[step], Operator(agreement % Operators), "job/" + Job(job)),
                "dataset.read" or "budget.debit" => (Flow[step], supplier, "dataset/" + dataset),
                _ => (Flow[step], supplier, "job/" + Job(job)),
            }
            : Rare[(int)(k / 10 % Rare.Length)] switch
            {
                "agreement.create" => ("agreement.create", Operator(agreement % Operators), "agreement/" + Agreement(agreement)),
                "offer.create" => ("offer.create", supplier, $"offer/offer-{dataset}-a"),
                "dataset.register" => ("dataset.register", supplier, "dataset/" + dataset),
                "party.add" => ("party.add", supplier, "party/" + DataUser((int)(job % DataUsers))),
                "settlement.close" => ("settlement.close", supplier, $"settlement/{when:yyyy-MM}/{Agreement(agreement)}"),
                "agreement.revoke" => ("agreement.revoke", supplier, "agreement/" + Agreement(agreement)),
                var other => (other, supplier, "job/" + Job(job)),
            };
        return new LogEntry
        {
            When = when,
            Actor = actor,
            Action = action,
            Resource = resource,
            Decision = action == "policy.decision" && k % 20 == 1 ? "deny" : "permit",
            Details = new Dictionary<string, string> { ["operation"] = Convert.ToHexStringLower(BitConverter.GetBytes(k * 2_654_435_761L)) + "0000000000000000" },
        };
    }

    /// <summary>Starts the connector on the grown log (its start-up verification included), returning the time it took.</summary>
    public async Task<TimeSpan> StartAsync()
    {
        var stop = Stopwatch.StartNew();
        App = Build();
        await App.StartAsync();
        return stop.Elapsed;
    }

    /// <summary>Waits until the audit index is level with the log (the start-up catch-up runs in the background; this joins it).</summary>
    public Task CatchUpAsync() => App.Services.GetRequiredService<AuditIndex>().CatchUpAsync(CancellationToken.None);

    public HttpClient Client(SigningKey key) => new(new SigningHandler(key, inner: new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 1,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseCookies = false,
    }))
    { BaseAddress = App.Addresses.Single(), Timeout = TimeSpan.FromMinutes(10) };

    /// <summary>Parties, datasets, offers, agreements (some revoked) and one real job over signed HTTP; returns the job's id.</summary>
    public async Task<string> SetUpAsync()
    {
        using var supplier = Client(SupplierKey);
        var parties = Enumerable.Range(0, Operators).Select(i => (Operator(i), "Operator"))
            .Concat(Enumerable.Range(0, DataUsers).Select(i => (DataUser(i), "DataUser")))
            .Concat(Enumerable.Range(0, Auditors).Select(i => (Auditor(i), "Auditor")));
        foreach (var (id, role) in parties)
        {
            var key = SignatureSuites.P256.GenerateKey();
            _keys[id] = key;
            await BenchConnector.SendAsync(supplier, "/api/v1/parties", new { id, name = id[10..], role, publicKeys = new[] { key.PublicKey.ExportPem() } });
        }

        var wasm = await File.ReadAllBytesAsync(Path.Combine(Repository.Root, "samples", "jobs", "grouped-stats", "grouped-stats.wasm"));
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(wasm));
        var csv = new StringBuilder("region,income,tax\n");
        for (var r = 0; r < 200; r++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{10 + (r % 8)},{20_000 + (r * 700)}.00,{(20_000 + (r * 700)) * 0.21:0.00}\n");
        }

        for (var d = 0; d < Datasets; d++)
        {
            var path = Path.Combine(App.DataDirectory.DatasetsDirectory, Dataset(d) + ".csv");
            await File.WriteAllTextAsync(path, csv.ToString());
            await BenchConnector.SendAsync(supplier, "/api/v1/datasets", new { id = Dataset(d), name = "Dataset " + d, location = path, classificationLevel = 2 });
            foreach (var suffix in new[] { "a", "b" })
            {
                await BenchConnector.SendAsync(supplier, "/api/v1/offers", new { id = $"offer-{Dataset(d)}-{suffix}", dataset = Dataset(d), policy = Policy(Dataset(d), suffix, digest) });
            }
        }

        for (var a = 0; a < Agreements; a++)
        {
            using var operatorClient = Client(_keys[Operator(a % Operators)]);
            var offer = a % (Datasets * OffersPerDataset);
            var request = SignedStatement.Sign("dataspace/agreement-request/v1", new JsonObject
            {
                ["agreement"] = Agreement(a),
                ["offer"] = $"offer-{Dataset(offer / OffersPerDataset)}-{(offer % 2 == 0 ? "a" : "b")}",
                ["purpose"] = "credit-statistics",
                ["validUntil"] = DateTimeOffset.UtcNow.AddDays(365).ToString("O", CultureInfo.InvariantCulture),
            }, _keys[Operator(a % Operators)]);
            await BenchConnector.SendAsync(operatorClient, "/api/v1/agreements", new { statement = JsonNode.Parse(request.ToString()) });
        }

        for (var a = Agreements - Revoked; a < Agreements; a++)
        {
            using var response = await supplier.PostAsync($"/api/v1/agreements/{Agreement(a)}/revoke", null);
            if (response.StatusCode != HttpStatusCode.NoContent)
            {
                throw new InvalidOperationException($"revoke {Agreement(a)}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        using var first = Client(_keys[Operator(0)]);
        var manifest = new JsonObject
        {
            ["agreement"] = Agreement(0),
            ["dataset"] = Dataset(0),
            ["columns"] = new JsonArray("region", "income", "tax"),
            ["output"] = "aggregate",
            ["recipient"] = _keys[DataUser(0)].PublicKey.ExportPem(),
            ["measures"] = new JsonArray(
                new JsonObject { ["name"] = "income", ["lower"] = 0, ["upper"] = 1e6 },
                new JsonObject { ["name"] = "tax", ["lower"] = 0, ["upper"] = 5e5 }),
            ["groupKeyColumn"] = "region",
        };
        var job = await BenchConnector.SendAsync(first, "/api/v1/jobs", new { manifest, module = Convert.ToBase64String(wasm) });
        return job.GetProperty("id").GetString()!;
    }

    private static JsonNode Policy(string dataset, string suffix, string digest) => JsonNode.Parse($$"""
        {
          "@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}],
          "@type": "Offer", "uid": "urn:policy:{{dataset}}-{{suffix}}", "profile": "https://dataspace.example/odrl/profile#",
          "assigner": "urn:party:tax-bureau", "target": "{{dataset}}",
          "permission": [{
            "action": "dsc:computeAggregate",
            "constraint": [
              {"leftOperand": "purpose", "operator": "eq", "rightOperand": "credit-statistics"},
              {"leftOperand": "dsc:groupSize", "operator": "gteq", "rightOperand": {{(suffix == "a" ? 20 : 50)}}},
              {"leftOperand": "dsc:moduleDigest", "operator": "isAnyOf", "rightOperand": ["{{digest}}"]},
              {"leftOperand": "dsc:column", "operator": "isPartOf", "rightOperand": ["region", "income", "tax"]}
            ]
          }]
        }
        """)!;

    /// <summary>
    /// Inserts <paramref name="jobs"/> copies of <paramref name="template"/> in one transaction beside the running connector
    /// (WAL: its readers go on; its writers wait on the busy timeout): job i under agreement i mod 1,000 (so its operator),
    /// submitted at an even step over the 90 days, in one of six states that no runner picks up (70 % released,
    /// 8 % failed, 5 % refused, 5 % rejected, 2 % pending review, 10 % submitted).
    /// </summary>
    public async Task InsertJobsAsync(string template, long jobs)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "connector.db")};Pooling=False");
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA busy_timeout = 60000";
            await pragma.ExecuteNonQueryAsync();
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText =
            "INSERT INTO jobs (id, agreement_id, operator_id, data_user_id, data_user_public_key, module_digest, manifest_json, state, reason, " +
            "submitted_at, approved_at, started_at, finished_at, rows_processed, program) " +
            "SELECT @id, @agreement, @operator, data_user_id, data_user_public_key, module_digest, replace(manifest_json, '\"agr-0000\"', '\"' || @agreement || '\"'), " +
            "@state, @reason, @submitted, @approved, @started, @finished, @rows, program FROM jobs WHERE id = @template";
        foreach (var name in new[] { "id", "agreement", "operator", "state", "reason", "submitted", "approved", "started", "finished", "rows" })
        {
            insert.Parameters.Add(new SqliteParameter("@" + name, DBNull.Value));
        }

        insert.Parameters.AddWithValue("@template", template);
        await insert.PrepareAsync();
        var step = (End - Start).Ticks / jobs;
        for (long i = 0; i < jobs; i++)
        {
            var agreement = (int)(i % Agreements);
            var submitted = Start.AddTicks(step * i);
            // A multiplicative hash (Knuth) of the job number, so that states do not follow the agreement (so the operator).
            var (state, reason) = (int)((ulong)i * 2_654_435_761UL % 4_294_967_296UL % 100) switch
            {
                < 70 => ("released", null),
                < 78 => ("failed", "the module trapped: out of fuel"),
                < 83 => ("refused", "policy: dsc:groupSize 12 is below 20"),
                < 88 => ("rejected", "the supplier rejected the job: columns not needed"),
                < 90 => ("pending_review", null),
                _ => ("submitted", (string?)null),
            };
            var ran = state is "released" or "failed" or "refused" or "pending_review";
            insert.Parameters[0].Value = Job(i);
            insert.Parameters[1].Value = Agreement(agreement);
            insert.Parameters[2].Value = Operator(agreement % Operators);
            insert.Parameters[3].Value = state;
            insert.Parameters[4].Value = (object?)reason ?? DBNull.Value;
            insert.Parameters[5].Value = Micros(submitted);
            insert.Parameters[6].Value = state == "submitted" || state == "rejected" ? DBNull.Value : Micros(submitted.AddMinutes(5));
            insert.Parameters[7].Value = ran ? Micros(submitted.AddMinutes(6)) : DBNull.Value;
            insert.Parameters[8].Value = ran && state != "pending_review" ? Micros(submitted.AddMinutes(7)) : DBNull.Value;
            insert.Parameters[9].Value = state == "released" ? 200L : 0L;
            if (await insert.ExecuteNonQueryAsync() != 1)
            {
                throw new InvalidOperationException($"the template job {template} is missing");
            }
        }

        await transaction.CommitAsync();
    }

    /// <summary>A time as the SQLite store keeps it: microseconds since the Unix epoch.</summary>
    private static object Micros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        SupplierKey?.Dispose();
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }

        Directory.Delete(_scratch, recursive: true);
    }
}

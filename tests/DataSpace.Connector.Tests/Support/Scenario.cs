using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Connector.Http;
using DataSpace.Connector.Tests.Storage;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;

namespace DataSpace.Connector.Tests.Support;

/// <summary>
/// A running connector with its parties on the trust list and a 600-row tax dataset registered, for tests that go
/// through the HTTP API as the parties would: the supplier, two operators (one a rival), a data user, an auditor.
/// On SQLite or PostgreSQL.
/// </summary>
internal sealed class Scenario : IAsyncDisposable
{
    public const string OperatorId = "urn:party:operator";
    public const string RivalId = "urn:party:rival";
    public const string DataUserId = "urn:party:bank";
    public const string Dataset = "tax";

    private readonly TempDirectory _files = new();
    private PostgresTestDatabase? _postgres;
    private IReadOnlyList<(string Key, string Value)> _settings = [];
    private DataSpace.Connector.Hosting.ConnectorHostHooks? _hooks;
    private IReadOnlyDictionary<string, string>? _columns;

    private Scenario()
    {
    }

    public ConnectorServer Server { get; private set; } = null!;

    public SigningKey SupplierKey { get; private set; } = null!;

    public SigningKey OperatorKey { get; } = SignatureSuites.Ed25519.GenerateKey();

    public SigningKey RivalKey { get; } = SignatureSuites.Ed25519.GenerateKey();

    public SigningKey DataUserKey { get; } = SignatureSuites.P256.GenerateKey();

    public SigningKey AuditorKey { get; } = SignatureSuites.Ed25519.GenerateKey();

    public HttpClient Supplier { get; private set; } = null!;

    public HttpClient Operator { get; private set; } = null!;

    public HttpClient Rival { get; private set; } = null!;

    public HttpClient DataUser { get; private set; } = null!;

    public HttpClient Auditor { get; private set; } = null!;

    public string CsvPath => _files.Combine("tax.csv");

    public static byte[] GroupedStatsWasm => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", "jobs", "grouped-stats", "grouped-stats.wasm"));

    /// <summary>A custom-output job that writes one harmless line ("regions reviewed: 3"), which passes the leak check and waits for review.</summary>
    public static byte[] ReportWasm => Wasmtime.Module.ConvertText("""
        (module
          (import "dsc" "output" (func $output (param i32 i32)))
          (memory (export "memory") 1)
          (data (i32.const 0) "regions reviewed: 3\n")
          (func (export "dsc_abi_version") (result i32) i32.const 1)
          (func (export "dsc_run") (result i32) (call $output (i32.const 0) (i32.const 20)) i32.const 0))
        """);

    /// <summary>A custom-output job that writes exactly <paramref name="output"/> (hostile bytes included) and succeeds.</summary>
    public static byte[] CustomWasm(ReadOnlySpan<byte> output)
    {
        var data = new StringBuilder();
        foreach (var b in output)
        {
            data.Append(CultureInfo.InvariantCulture, $"\\{b:x2}");
        }

        return Wasmtime.Module.ConvertText($$"""
            (module
              (import "dsc" "output" (func $output (param i32 i32)))
              (memory (export "memory") 1)
              (data (i32.const 0) "{{data}}")
              (func (export "dsc_abi_version") (result i32) i32.const 1)
              (func (export "dsc_run") (result i32) (call $output (i32.const 0) (i32.const {{output.Length}})) i32.const 0))
            """);
    }

    /// <summary>A custom-output manifest for <see cref="ReportWasm"/> under the agreement.</summary>
    public JsonObject CustomManifest(string agreementId)
    {
        var manifest = Manifest(agreementId);
        manifest["output"] = "custom";
        manifest.Remove("measures");
        manifest.Remove("groupKeyColumn");
        return manifest;
    }

    /// <summary>
    /// Submits and approves a <see cref="ReportWasm"/> job (or <paramref name="module"/>) under the agreement and waits until its
    /// output is held for review; returns its id.
    /// </summary>
    public async Task<string> HeldForReviewAsync(string agreementId, byte[]? module = null)
    {
        var job = (await SubmitAsync(CustomManifest(agreementId), module ?? ReportWasm)).GetProperty("id").GetString()!;
        await SendAsync(Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
        await WaitForJobAsync(job, "PendingReview");
        return job;
    }

    /// <summary>Starts a scenario; <paramref name="columns"/> classes the tax dataset's columns (name to class) at registration.</summary>
    public static async Task<Scenario> StartAsync(
        string engine = "Sqlite", IEnumerable<(string Key, string Value)>? settings = null, DataSpace.Connector.Hosting.ConnectorHostHooks? hooks = null,
        IReadOnlyDictionary<string, string>? columns = null)
    {
        var scenario = new Scenario { _hooks = hooks, _columns = columns };
        try
        {
            await scenario.InitializeAsync(engine, settings ?? []);
            return scenario;
        }
        catch
        {
            await scenario.DisposeAsync();
            throw;
        }
    }

    private async Task InitializeAsync(string engine, IEnumerable<(string Key, string Value)> settings)
    {
        var csv = new StringBuilder("taxpayer_id,region,income,tax\n");
        for (var i = 0; i < 600; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"TP-{700000 + (i * 13)},{11 + (i % 3)},{20_000 + (i * 37.25):0.00},{(i % 50) + 0.5}\n");
        }

        await File.WriteAllTextAsync(CsvPath, csv.ToString());
        if (engine == "Postgres")
        {
            _postgres = new PostgresTestDatabase();
            settings = [.. settings, ("Storage:Engine", "Postgres"), ("Storage:ConnectionString", _postgres.Options.ConnectionString!)];
        }

        _settings = [.. settings];
        await StartServerAsync(_files.Combine("data"), _settings);
        await SendAsync(Supplier, HttpMethod.Post, "/api/v1/parties", Party(OperatorId, "Operator", OperatorKey), HttpStatusCode.Created);
        await SendAsync(Supplier, HttpMethod.Post, "/api/v1/parties", Party(RivalId, "Operator", RivalKey), HttpStatusCode.Created);
        await SendAsync(Supplier, HttpMethod.Post, "/api/v1/parties", Party(DataUserId, "DataUser", DataUserKey), HttpStatusCode.Created);
        await SendAsync(Supplier, HttpMethod.Post, "/api/v1/parties", Party("urn:party:auditor", "Auditor", AuditorKey), HttpStatusCode.Created);
        await SendAsync(Supplier, HttpMethod.Post, "/api/v1/datasets",
            new { id = Dataset, name = "Enterprise tax", location = CsvPath, format = (string?)null, classificationLevel = 2, columns = _columns }, HttpStatusCode.Created);
    }

    private async Task StartServerAsync(string dataDirectory, IEnumerable<(string Key, string Value)> settings)
    {
        Server = await ConnectorServer.StartAsync(dataDirectory, settings, _hooks);
        SupplierKey = KeyFiles.LoadSigningKey(Path.Combine(Server.DataDirectory, "keys", "connector.key"));
        Supplier = Client(SupplierKey);
        Operator = Client(OperatorKey);
        Rival = Client(RivalKey);
        DataUser = Client(DataUserKey);
        Auditor = Client(AuditorKey);
    }

    private static object Party(string id, string role, SigningKey key) =>
        new { id, name = id, role, publicKeys = new[] { key.PublicKey.ExportPem() } };

    public HttpClient Client(SigningKey key) => new(new SigningHandler(key)) { BaseAddress = Server.BaseAddress };

    /// <summary>Sends a request and asserts its status; returns the parsed body (default for an empty one).</summary>
    public static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> OfferAsync(string id, string policyJson, HttpStatusCode expected = HttpStatusCode.Created) =>
        SendAsync(Supplier, HttpMethod.Post, "/api/v1/offers", new { id, dataset = Dataset, policy = JsonNode.Parse(policyJson) }, expected);

    /// <summary>An operator's signed request for an agreement on an offer.</summary>
    public static object AgreementRequest(SigningKey key, string agreementId, string offerId, string purpose, DateTimeOffset? validUntil = null) => new
    {
        statement = JsonNode.Parse(SignedStatement.Sign("dataspace/agreement-request/v1", new JsonObject
        {
            ["agreement"] = agreementId,
            ["offer"] = offerId,
            ["purpose"] = purpose,
            ["validUntil"] = (validUntil ?? DateTimeOffset.UtcNow.AddDays(90)).ToString("O"),
        }, key).ToString()),
    };

    public Task<JsonElement> AgreeAsync(string agreementId, string offerId, string purpose, HttpStatusCode expected = HttpStatusCode.Created, bool rival = false, DateTimeOffset? validUntil = null) =>
        SendAsync(rival ? Rival : Operator, HttpMethod.Post, "/api/v1/agreements",
            AgreementRequest(rival ? RivalKey : OperatorKey, agreementId, offerId, purpose, validUntil), expected);

    /// <summary>The walkthrough's kind of aggregate manifest over region, income and tax.</summary>
    public JsonObject Manifest(string agreementId, double? epsilon = null)
    {
        var manifest = new JsonObject
        {
        ["agreement"] = agreementId,
        ["dataset"] = Dataset,
        ["columns"] = new JsonArray("region", "income", "tax"),
        ["output"] = "aggregate",
        ["recipient"] = DataUserKey.PublicKey.ExportPem(),
        ["measures"] = new JsonArray(new JsonObject { ["name"] = "income", ["lower"] = 0, ["upper"] = 1e6 }, new JsonObject { ["name"] = "tax", ["lower"] = 0, ["upper"] = 5e5 }),
        ["groupKeyColumn"] = "region",
        };
        if (epsilon is { } value)
        {
            manifest["epsilon"] = value;
        }

        return manifest;
    }

    /// <summary>
    /// The source tests submit with a module unless they give another (a supplier approves a module only with its source;
    /// these tests never rebuild it: dsc job verify-build is tested in DataSpace.Cli.Tests).
    /// </summary>
    public const string TestSource = "/* the module's source, as the supplier reviews it (not rebuilt in these tests) */\nint dsc_run(void) { return 0; }\n";

    /// <summary>Submits a job with <paramref name="source"/> (null: none); returns the connector's answer (its <c>id</c> is the job's).</summary>
    public Task<JsonElement> SubmitAsync(
        JsonObject manifest, byte[]? module = null, HttpStatusCode expected = HttpStatusCode.Created, HttpClient? client = null, string? source = TestSource) =>
        SendAsync(client ?? Operator, HttpMethod.Post, "/api/v1/jobs", new { manifest, module = Convert.ToBase64String(module ?? GroupedStatsWasm), source }, expected);

    /// <summary>A plan job's manifest (docs/analysis-plans.md): agreement, dataset, recipient and, with noise, epsilon.</summary>
    public JsonObject PlanManifest(string agreementId, double? epsilon = null, string dataset = Dataset)
    {
        var manifest = new JsonObject { ["agreement"] = agreementId, ["dataset"] = dataset, ["recipient"] = DataUserKey.PublicKey.ExportPem() };
        if (epsilon is { } value)
        {
            manifest["epsilon"] = value;
        }

        return manifest;
    }

    /// <summary>Submits a plan job; returns the connector's answer.</summary>
    public Task<JsonElement> SubmitPlanAsync(JsonObject manifest, string plan, HttpStatusCode expected = HttpStatusCode.Created, HttpClient? client = null) =>
        SendAsync(client ?? Operator, HttpMethod.Post, "/api/v1/jobs", new { manifest, plan = JsonNode.Parse(plan) }, expected);

    /// <summary>The data user's plaintext of a released job's result (the sealed document, parsed).</summary>
    public async Task<JsonElement> ResultAsync(string jobId)
    {
        var result = await SendAsync(DataUser, HttpMethod.Get, "/api/v1/results/" + jobId, null, HttpStatusCode.OK);
        var plaintext = DataSpace.Crypto.Envelope.Envelopes.Open(DataUserKey, jobId,
            DataSpace.Crypto.Envelope.SealedEnvelope.Parse(Convert.FromBase64String(result.GetProperty("envelope").GetString()!)));
        return JsonDocument.Parse(plaintext).RootElement.Clone();
    }

    /// <summary>
    /// Registers a second dataset, <c>social</c>, keyed by the tax dataset's taxpayer ids (every third one missing, one
    /// repeated): <c>taxpayer_id</c> (identifying), <c>insured</c> and <c>arrears</c>.
    /// </summary>
    public async Task RegisterSocialAsync()
    {
        var csv = new StringBuilder("taxpayer_id,insured,arrears\n");
        for (var i = 0; i < 600; i++)
        {
            if (i % 3 != 2)
            {
                csv.Append(CultureInfo.InvariantCulture, $"TP-{700000 + (i * 13)},{(i % 40) + 1},{i % 7}\n");
            }
        }

        csv.Append("TP-700000,99,6\n");
        var path = _files.Combine("social.csv");
        await File.WriteAllTextAsync(path, csv.ToString());
        await SendAsync(Supplier, HttpMethod.Post, "/api/v1/datasets",
            new { id = "social", name = "Social insurance", location = path, format = (string?)null, classificationLevel = 2, columns = new Dictionary<string, string> { ["taxpayer_id"] = "identifying" } },
            HttpStatusCode.Created);
    }

    public async Task<JsonElement> WaitForJobAsync(string jobId, params string[] states)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var job = await SendAsync(Supplier, HttpMethod.Get, "/api/v1/jobs/" + jobId, null, HttpStatusCode.OK);
            if (states.Contains(job.GetProperty("state").GetString()))
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} never reached {string.Join(" or ", states)}: {job}");
            await Task.Delay(25);
        }
    }

    /// <summary>Every entry of the log, as the auditor reads it.</summary>
    public async Task<IReadOnlyList<JsonElement>> LogAsync()
    {
        var entries = new List<JsonElement>();
        while (true)
        {
            var page = await SendAsync(Auditor, HttpMethod.Get, $"/api/v1/audit/entries?start={entries.Count}&count=1000", null, HttpStatusCode.OK);
            var leaves = page.GetProperty("leaves").EnumerateArray().Select(l => JsonDocument.Parse(l.GetString()!).RootElement.GetProperty("entry").Clone()).ToList();
            entries.AddRange(leaves);
            if (entries.Count >= page.GetProperty("treeSize").GetInt64() || leaves.Count == 0)
            {
                return entries;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="sql"/> straight on the connector's database, behind its back: a damaged or tampered store (or
    /// one at an older schema). Unless <paramref name="changesRows"/> is false (a schema change), it must change a row.
    /// </summary>
    public async Task ExecuteSqlAsync(string sql, bool changesRows = true)
    {
        await using System.Data.Common.DbConnection connection = _postgres is not null
            ? new Npgsql.NpgsqlConnection(_postgres.Options.ConnectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + Directory.EnumerateFiles(Server.DataDirectory, DataSpace.Connector.Storage.StorageOptions.SqliteFileName, SearchOption.AllDirectories).Single());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var changed = await command.ExecuteNonQueryAsync();
        Assert.True(!changesRows || changed > 0, "no row changed: " + sql);
    }

    /// <summary>Stops the connector and starts it again on the same data directory.</summary>
    public async Task RestartAsync()
    {
        var directory = Server.DataDirectory;
        await DisposeClientsAsync();
        await StartServerAsync(directory, _settings);
    }

    private async Task DisposeClientsAsync()
    {
        foreach (var client in new[] { Supplier, Operator, Rival, DataUser, Auditor })
        {
            client?.Dispose();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        SupplierKey?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeClientsAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        foreach (var key in new[] { OperatorKey, RivalKey, DataUserKey, AuditorKey })
        {
            key.Dispose();
        }

        _files.Dispose();
    }
}

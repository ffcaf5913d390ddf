using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Connector.Http;
using DataSpace.Connector.Tests.Support;
using DataSpace.Crypto.Envelope;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;

namespace DataSpace.Connector.Tests.Api;

/// <summary>
/// The architecture's whole flow against the running service on loopback: register, offer, agree, submit,
/// approve, run, vet, deliver, audit; every response body is kept and scanned for raw values of the dataset.
/// </summary>
public sealed class WholeFlowTests : IAsyncLifetime
{
    private readonly TempDirectory _files = new();
    private readonly SigningKey _operatorKey = SignatureSuites.Sm2.GenerateKey();
    private readonly SigningKey _dataUserKey = SignatureSuites.P256.GenerateKey();
    private readonly List<string> _bodies = [];
    private readonly List<string> _rawValues = [];
    private ConnectorServer? _server;
    private SigningKey _supplierKey = null!;
    private string _csv = "";

    private Storage.PostgresTestDatabase? _postgres;

    private string? _table;

    private async Task Start(string engine)
    {
        IEnumerable<(string, string)> settings = [];
        if (engine == "Postgres")
        {
            _postgres = new Storage.PostgresTestDatabase();
            settings = [("Storage:Engine", "Postgres"), ("Storage:ConnectionString", _postgres.Options.ConnectionString!)];
        }

        if (engine is "PostgresTable" or "PostgresPartitionedTable")
        {
            // The dataset is a table on the supplier's PostgreSQL server, with the same rows as the CSV file.
            var server = Storage.PostgresTestDatabase.ServerConnectionString();
            var schema = "w_" + Guid.NewGuid().ToString("N");
            _table = schema + ".tax";
            await using var connection = new Npgsql.NpgsqlConnection(server);
            await connection.OpenAsync();
            // Issue 18, item 3: a partitioned table (PARTITION BY LIST) is one dataset; the rows are routed to its partitions.
            var create = engine == "PostgresTable"
                ? $"CREATE SCHEMA {schema}; CREATE TABLE {_table} (taxpayer_id text, region integer, income double precision, tax double precision)"
                : $"CREATE SCHEMA {schema}; CREATE TABLE {_table} (taxpayer_id text, region integer, income double precision, tax double precision) PARTITION BY LIST (region); "
                    + string.Concat(new[] { 11, 12, 13 }.Select(r => $"CREATE TABLE {schema}.tax_{r} PARTITION OF {_table} FOR VALUES IN ({r}); "));
            await using (var command = new Npgsql.NpgsqlCommand(create, connection))
            {
                await command.ExecuteNonQueryAsync();
            }

            await using (var copy = await connection.BeginTextImportAsync($"COPY {_table} FROM STDIN (FORMAT csv, HEADER)"))
            {
                await copy.WriteAsync(await File.ReadAllTextAsync(_csv));
            }

            settings = [("PostgresDatasets", server)];
        }

        _server = await ConnectorServer.StartAsync(_files.Combine("data"), settings);
        _supplierKey = KeyFiles.LoadSigningKey(Path.Combine(_server!.DataDirectory, "keys", "connector.key"));
    }

    public async Task InitializeAsync()
    {
        var csv = new StringBuilder("taxpayer_id,region,income,tax\n");
        for (var i = 0; i < 600; i++)
        {
            var id = $"TP-{700000 + (i * 13)}";
            var income = (20_000 + (i * 37.25)).ToString("0.00", CultureInfo.InvariantCulture);
            _rawValues.Add(id);
            _rawValues.Add(income);
            csv.Append(CultureInfo.InvariantCulture, $"{id},{11 + (i % 3)},{income},{(i % 50) + 0.5}\n");
        }

        _csv = _files.Combine("tax.csv");
        await File.WriteAllTextAsync(_csv, csv.ToString());
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _supplierKey.Dispose();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (_table is not null)
        {
            await using var connection = new Npgsql.NpgsqlConnection(Storage.PostgresTestDatabase.ServerConnectionString());
            await connection.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA {_table.Split('.')[0]} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }

        _operatorKey.Dispose();
        _dataUserKey.Dispose();
        _files.Dispose();
    }

    private HttpClient Client(SigningKey key) => new(new SigningHandler(key)) { BaseAddress = _server!.BaseAddress };

    private async Task<JsonElement> Send(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        _bodies.Add(text);
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static JsonObject OfferPolicy() => JsonNode.Parse("""
        {
          "@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}],
          "@type": "Offer", "uid": "urn:policy:tax-statistics", "profile": "https://dataspace.example/odrl/profile#",
          "assigner": "urn:party:tax-bureau", "target": "tax",
          "permission": [{
            "action": "dsc:computeAggregate",
            "constraint": [
              {"leftOperand": "purpose", "operator": "eq", "rightOperand": "credit-statistics"},
              {"leftOperand": "dsc:groupSize", "operator": "gteq", "rightOperand": 20},
              {"leftOperand": "dsc:column", "operator": "isPartOf", "rightOperand": ["region", "income", "tax"]}
            ]
          }],
          "prohibition": [{"action": "dsc:rawExport"}]
        }
        """)!.AsObject();

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    [InlineData("PostgresTable")]
    [InlineData("PostgresPartitionedTable")]
    public async Task Register_offer_agree_submit_approve_run_deliver_and_audit(string engine)
    {
        await Start(engine);
        using var supplier = Client(_supplierKey);
        using var operatorClient = Client(_operatorKey);
        using var dataUser = Client(_dataUserKey);
        await AgreeAsync(supplier, operatorClient);

        var wasm = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Samples", "jobs", "grouped-stats", "grouped-stats.wasm"));
        var manifest = Manifest();
        var submitted = await Send(operatorClient, HttpMethod.Post, "/api/v1/jobs", new { manifest, module = Convert.ToBase64String(wasm), source = Scenario.TestSource }, HttpStatusCode.Created);
        Assert.Equal("Submitted", submitted.GetProperty("state").GetString());
        await RestOfFlow(supplier, operatorClient, dataUser, submitted.GetProperty("id").GetString()!);
    }

    private async Task AgreeAsync(HttpClient supplier, HttpClient operatorClient, JsonObject? policy = null)
    {
        await Send(supplier, HttpMethod.Post, "/api/v1/parties", new { id = "urn:party:bureau", name = "Credit bureau", role = "Operator", publicKeys = new[] { _operatorKey.PublicKey.ExportPem() } }, HttpStatusCode.Created);
        await Send(supplier, HttpMethod.Post, "/api/v1/parties", new { id = "urn:party:bank", name = "City bank", role = "DataUser", publicKeys = new[] { _dataUserKey.PublicKey.ExportPem() } }, HttpStatusCode.Created);
        await Send(supplier, HttpMethod.Post, "/api/v1/datasets", _table is null
            ? new { id = "tax", name = "Enterprise tax", location = _csv, format = (string?)null, classificationLevel = 2 }
            : new { id = "tax", name = "Enterprise tax", location = _table, format = (string?)"postgres", classificationLevel = 2 }, HttpStatusCode.Created);
        await Send(supplier, HttpMethod.Post, "/api/v1/offers", new { id = "offer-1", dataset = "tax", policy = policy ?? OfferPolicy() }, HttpStatusCode.Created);
        await Send(operatorClient, HttpMethod.Get, "/api/v1/catalog", null, HttpStatusCode.OK);

        var request = SignedStatement.Sign("dataspace/agreement-request/v1", new JsonObject
        {
            ["agreement"] = "agr-1",
            ["offer"] = "offer-1",
            ["purpose"] = "credit-statistics",
            ["validUntil"] = DateTimeOffset.UtcNow.AddDays(90).ToString("O"),
        }, _operatorKey);
        var agreement = await Send(operatorClient, HttpMethod.Post, "/api/v1/agreements", new { statement = JsonNode.Parse(request.ToString()) }, HttpStatusCode.Created);
        var supplierStatement = SignedStatement.Parse(agreement.GetProperty("supplierStatement").GetRawText());
        Assert.True(supplierStatement.Verify(_supplierKey.PublicKey, "dataspace/agreement/v1", out var error), error);
    }

    private JsonObject Manifest() => new JsonObject
        {
            ["agreement"] = "agr-1",
            ["dataset"] = "tax",
            ["columns"] = new JsonArray("region", "income", "tax"),
            ["output"] = "aggregate",
            ["recipient"] = _dataUserKey.PublicKey.ExportPem(),
            ["measures"] = new JsonArray(new JsonObject { ["name"] = "income", ["lower"] = 0, ["upper"] = 1e6 }, new JsonObject { ["name"] = "tax", ["lower"] = 0, ["upper"] = 5e5 }),
            ["groupKeyColumn"] = "region",
        };

    private async Task RestOfFlow(HttpClient supplier, HttpClient operatorClient, HttpClient dataUser, string jobId)
    {

        // Only the supplier approves, and only a data user fetches results.
        await Send(operatorClient, HttpMethod.Post, $"/api/v1/jobs/{jobId}/approve", null, HttpStatusCode.Forbidden);
        await Send(supplier, HttpMethod.Post, $"/api/v1/jobs/{jobId}/approve", null, HttpStatusCode.OK);

        JsonElement job = default;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            job = await Send(operatorClient, HttpMethod.Get, "/api/v1/jobs/" + jobId, null, HttpStatusCode.OK);
            if (job.GetProperty("state").GetString() is "Released" or "Failed" or "Refused")
            {
                break;
            }

            await Task.Delay(50);
        }

        Assert.True(job.GetProperty("state").GetString() == "Released", job.GetRawText());
        Assert.Equal(600, job.GetProperty("rowsProcessed").GetInt64());
        await Send(operatorClient, HttpMethod.Get, "/api/v1/results/" + jobId, null, HttpStatusCode.Forbidden);

        var result = await Send(dataUser, HttpMethod.Get, "/api/v1/results/" + jobId, null, HttpStatusCode.OK);
        var envelope = Convert.FromBase64String(result.GetProperty("envelope").GetString()!);
        var receipt = SignedStatement.Parse(result.GetProperty("receipt").GetRawText());
        var identity = await Send(dataUser, HttpMethod.Get, "/api/v1/connector", null, HttpStatusCode.OK);
        var connectorKey = PublicKey.ImportPem(identity.GetProperty("publicKeyPem").GetString()!);
        var verification = ResultReceipts.Verify(receipt, connectorKey, identity.GetProperty("logOrigin").GetString()!, envelope);
        Assert.True(verification.IsValid, verification.Failure);

        var plaintext = Encoding.UTF8.GetString(Envelopes.Open(_dataUserKey, jobId, SealedEnvelope.Parse(envelope)));
        using var released = JsonDocument.Parse(plaintext);
        var groups = released.RootElement.GetProperty("aggregate").GetProperty("Groups");
        Assert.Equal(["11", "12", "13"], groups.EnumerateArray().Select(g => g.GetProperty("Key").GetString()));

        using var auditor = new HttpClient { BaseAddress = _server!.BaseAddress };
        _bodies.Add(await auditor.GetStringAsync("/api/v1/audit/checkpoint"));
        var entries = await Send(supplier, HttpMethod.Get, "/api/v1/audit/entries?start=0&count=100", null, HttpStatusCode.OK);
        var actions = entries.GetProperty("leaves").EnumerateArray().Select(l => JsonDocument.Parse(l.GetString()!).RootElement.GetProperty("entry").GetProperty("action").GetString()).ToList();
        Assert.Equal(
            ["party.add", "party.add", "dataset.register", "offer.create", "agreement.create", "job.submit", "job.approve", "job.start", "policy.decision", "dataset.read", ResultReceipts.ReleaseAction],
            actions);

        // An auditor downloads the export and verifies it offline with nothing but the connector's public key.
        using (var auditorKey = SignatureSuites.Ed25519.GenerateKey())
        {
            await Send(supplier, HttpMethod.Post, "/api/v1/parties", new { id = "urn:party:auditor", name = "Audit office", role = "Auditor", publicKeys = new[] { auditorKey.PublicKey.ExportPem() } }, HttpStatusCode.Created);
            using var auditorClient = Client(auditorKey);
            using var zip = await auditorClient.GetAsync("/api/v1/audit/export");
            Assert.Equal(HttpStatusCode.OK, zip.StatusCode);
            var folder = _files.Combine("export-" + Guid.NewGuid().ToString("N"));
            System.IO.Compression.ZipFile.ExtractToDirectory(await zip.Content.ReadAsStreamAsync(), folder);
            var verified = DataSpace.Crypto.Audit.LogExportVerifier.Verify(folder, connectorKey, identity.GetProperty("logOrigin").GetString());
            Assert.True(verified.IsValid, verified.Detail);
            foreach (var file in Directory.GetFiles(folder))
            {
                _bodies.Add(await File.ReadAllTextAsync(file));
            }
        }

        var disclosure = await Send(supplier, HttpMethod.Get, "/api/v1/audit/disclosure", null, HttpStatusCode.OK);
        var tax = Assert.Single(disclosure.EnumerateArray());
        Assert.Equal((1, 600, 1, 0), (tax.GetProperty("jobsRun").GetInt64(), tax.GetProperty("rowsProcessed").GetInt64(), tax.GetProperty("resultsReleased").GetInt64(), tax.GetProperty("resultsRefused").GetInt64()));
        var held = Assert.Single(tax.GetProperty("agreements").EnumerateArray());
        Assert.Equal(("urn:party:bureau", "credit-statistics"), (held.GetProperty("operatorId").GetString(), held.GetProperty("purpose").GetString()));

        // No response of the whole flow carries a raw value of the dataset.
        foreach (var body in _bodies.Append(plaintext))
        {
            foreach (var raw in _rawValues)
            {
                Assert.DoesNotContain(raw, body, StringComparison.Ordinal);
            }
        }
    }

    private async Task<string> WaitForState(HttpClient client, string job, params string[] states)
    {
        for (var attempt = 0; attempt < 400; attempt++)
        {
            var state = (await Send(client, HttpMethod.Get, "/api/v1/jobs/" + job, null, HttpStatusCode.OK)).GetProperty("state").GetString()!;
            if (states.Contains(state))
            {
                return state;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"job {job} never reached {string.Join(" or ", states)}");
    }

    [Fact]
    public async Task A_restart_in_the_middle_of_a_job_fails_it_cleanly_and_a_resubmission_is_released()
    {
        await Start("Sqlite");
        var dataDirectory = _server!.DataDirectory;
        string loopId;
        using (var supplier = Client(_supplierKey))
        using (var operatorClient = Client(_operatorKey))
        {
            await AgreeAsync(supplier, operatorClient);
            var loop = Wasmtime.Module.ConvertText("""
                (module (memory (export "memory") 1)
                  (func (export "dsc_abi_version") (result i32) i32.const 1)
                  (func (export "dsc_run") (result i32) (loop $l br $l) i32.const 0))
                """);
            loopId = (await Send(operatorClient, HttpMethod.Post, "/api/v1/jobs", new { manifest = Manifest(), module = Convert.ToBase64String(loop), source = Scenario.TestSource }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
            await Send(supplier, HttpMethod.Post, $"/api/v1/jobs/{loopId}/approve", null, HttpStatusCode.OK);
            Assert.Equal("Running", await WaitForState(operatorClient, loopId, "Running"));
        }

        await _server.DisposeAsync();
        _supplierKey.Dispose();
        _server = await ConnectorServer.StartAsync(dataDirectory);
        _supplierKey = KeyFiles.LoadSigningKey(Path.Combine(_server.DataDirectory, "keys", "connector.key"));

        using var supplierAgain = Client(_supplierKey);
        using var operatorAgain = Client(_operatorKey);
        using var dataUser = Client(_dataUserKey);
        var stopped = await Send(operatorAgain, HttpMethod.Get, "/api/v1/jobs/" + loopId, null, HttpStatusCode.OK);
        Assert.Equal("Failed", stopped.GetProperty("state").GetString());
        await Send(dataUser, HttpMethod.Get, "/api/v1/results/" + loopId, null, HttpStatusCode.NotFound);

        var wasm = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Samples", "jobs", "grouped-stats", "grouped-stats.wasm"));
        var againId = (await Send(operatorAgain, HttpMethod.Post, "/api/v1/jobs", new { manifest = Manifest(), module = Convert.ToBase64String(wasm), source = Scenario.TestSource }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await Send(supplierAgain, HttpMethod.Post, $"/api/v1/jobs/{againId}/approve", null, HttpStatusCode.OK);
        Assert.Equal("Released", await WaitForState(operatorAgain, againId, "Released", "Failed", "Refused"));

        // The log across the restart verifies with nothing but the connector's public key.
        var export = _files.Combine("export");
        var size = (await Send(supplierAgain, HttpMethod.Get, "/api/v1/audit/entries?start=0&count=1000", null, HttpStatusCode.OK)).GetProperty("treeSize").GetInt64();
        var leaves = (await Send(supplierAgain, HttpMethod.Get, "/api/v1/audit/entries?start=0&count=1000", null, HttpStatusCode.OK)).GetProperty("leaves").EnumerateArray().Select(l => l.GetString()!).ToList();
        Directory.CreateDirectory(export);
        using var plain = new HttpClient { BaseAddress = _server.BaseAddress };
        var checkpoint = await plain.GetStringAsync("/api/v1/audit/checkpoint");
        Assert.True(DataSpace.Crypto.Checkpoints.CheckpointNote.TryOpen(checkpoint, _supplierKey.PublicKey, _server.App.Identity.LogOrigin, out var opened, out var error), error);
        Assert.True(opened!.Size >= size);
        Assert.Contains(leaves, l => l.Contains("\"action\":\"job.fail\"", StringComparison.Ordinal) && l.Contains("job/" + loopId, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Custom_output_waits_for_the_suppliers_review_then_is_released_or_refused(bool release)
    {
        await Start("Sqlite");
        using var supplier = Client(_supplierKey);
        using var operatorClient = Client(_operatorKey);
        using var dataUser = Client(_dataUserKey);
        var policy = OfferPolicy();
        policy["permission"]![0]!["action"] = "dsc:customAnalysis";
        await AgreeAsync(supplier, operatorClient, policy);

        var report = Scenario.ReportWasm;
        var manifest = Manifest();
        manifest["output"] = "custom";
        manifest.Remove("measures");
        manifest.Remove("groupKeyColumn");
        var reportId = (await Send(operatorClient, HttpMethod.Post, "/api/v1/jobs", new { manifest, module = Convert.ToBase64String(report), source = Scenario.TestSource }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await Send(supplier, HttpMethod.Post, $"/api/v1/jobs/{reportId}/approve", null, HttpStatusCode.OK);
        Assert.Equal("PendingReview", await WaitForState(operatorClient, reportId, "PendingReview", "Failed", "Refused"));

        // Only the supplier sees the held output, and nothing is delivered before the review.
        await Send(operatorClient, HttpMethod.Get, $"/api/v1/jobs/{reportId}/review", null, HttpStatusCode.Forbidden);
        await Send(dataUser, HttpMethod.Get, "/api/v1/results/" + reportId, null, HttpStatusCode.NotFound);
        var held = await Send(supplier, HttpMethod.Get, $"/api/v1/jobs/{reportId}/review", null, HttpStatusCode.OK);
        Assert.Equal("regions reviewed: 3\n", Encoding.UTF8.GetString(Convert.FromBase64String(held.GetProperty("output").GetString()!)));

        var decided = await Send(supplier, HttpMethod.Post, $"/api/v1/jobs/{reportId}/review", new { release, reason = "not needed" }, HttpStatusCode.OK);
        Assert.Equal(release ? "Released" : "Refused", decided.GetProperty("state").GetString());
        await Send(supplier, HttpMethod.Post, $"/api/v1/jobs/{reportId}/review", new { release, reason = "again" }, HttpStatusCode.Conflict);
        await Send(supplier, HttpMethod.Get, $"/api/v1/jobs/{reportId}/review", null, HttpStatusCode.NotFound);

        if (release)
        {
            var result = await Send(dataUser, HttpMethod.Get, "/api/v1/results/" + reportId, null, HttpStatusCode.OK);
            var envelope = Convert.FromBase64String(result.GetProperty("envelope").GetString()!);
            Assert.Equal("regions reviewed: 3\n", Encoding.UTF8.GetString(Envelopes.Open(_dataUserKey, reportId, SealedEnvelope.Parse(envelope))));
            var verification = ResultReceipts.Verify(SignedStatement.Parse(result.GetProperty("receipt").GetRawText()), _supplierKey.PublicKey, _server!.App.Identity.LogOrigin, envelope);
            Assert.True(verification.IsValid, verification.Failure);
        }
        else
        {
            await Send(dataUser, HttpMethod.Get, "/api/v1/results/" + reportId, null, HttpStatusCode.NotFound);
        }
    }
}

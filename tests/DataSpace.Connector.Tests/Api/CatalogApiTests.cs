using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Connector.Http;
using DataSpace.Connector.Tests.Support;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Connector.Tests.Api;

/// <summary>The catalogue over real HTTP on loopback, with signed requests from each role.</summary>
public sealed class CatalogApiTests : IAsyncLifetime
{
    private readonly TempDirectory _files = new();
    private readonly SigningKey _operatorKey = SignatureSuites.Sm2.GenerateKey();
    private ConnectorServer _server = null!;
    private SigningKey _supplierKey = null!;
    private HttpClient _supplier = null!;
    private HttpClient _operator = null!;
    private string _csv = "";

    public async Task InitializeAsync()
    {
        _server = await ConnectorServer.StartAsync(_files.Combine("data"));
        _supplierKey = KeyFiles.LoadSigningKey(Path.Combine(_server.DataDirectory, "keys", "connector.key"));
        _supplier = Client(_supplierKey);
        _operator = Client(_operatorKey);
        var csv = new StringBuilder("taxpayer_id,region,income\n");
        for (var i = 0; i < 250; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"TP-{900000 + i},{11 + (i % 3)},{5000 + i}.5\n");
        }

        _csv = _files.Combine("tax.csv");
        await File.WriteAllTextAsync(_csv, csv.ToString());
    }

    public async Task DisposeAsync()
    {
        _supplier.Dispose();
        _operator.Dispose();
        await _server.DisposeAsync();
        _supplierKey.Dispose();
        _operatorKey.Dispose();
        _files.Dispose();
    }

    private HttpClient Client(SigningKey key) => new(new SigningHandler(key)) { BaseAddress = _server.BaseAddress };

    private Task<HttpResponseMessage> AddOperator() => _supplier.PostAsJsonAsync("/api/v1/parties", new
    {
        id = "urn:party:operator",
        name = "Credit bureau",
        role = "Operator",
        publicKeys = new[] { _operatorKey.PublicKey.ExportPem() },
    });

    private Task<HttpResponseMessage> Register(string id = "tax", Dictionary<string, string>? columns = null) => _supplier.PostAsJsonAsync("/api/v1/datasets", new
    {
        id,
        name = "Enterprise tax 2025",
        location = _csv,
        classificationLevel = 2,
        columns,
    });

    private async Task<JsonElement> CatalogAsync()
    {
        using var catalog = JsonDocument.Parse(await _operator.GetStringAsync("/api/v1/catalog"));
        return catalog.RootElement.Clone();
    }

    private static JsonObject Policy(string target) => JsonNode.Parse($$"""
        {
          "@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}],
          "@type": "Offer", "uid": "urn:policy:tax-offer", "profile": "https://dataspace.example/odrl/profile#",
          "assigner": "urn:party:tax-bureau", "target": "{{target}}",
          "permission": [{"action": "dsc:computeAggregate", "constraint": [{"leftOperand": "dsc:groupSize", "operator": "gteq", "rightOperand": 10}]}]
        }
        """)!.AsObject();

    [Fact]
    public async Task An_unsigned_request_is_refused_with_401()
    {
        using var plain = new HttpClient { BaseAddress = _server.BaseAddress };
        var problem = await ProblemAssert.IsProblemAsync(await plain.GetAsync("/api/v1/catalog"), HttpStatusCode.Unauthorized);
        Assert.Contains("signed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_not_on_the_trust_list_is_refused()
    {
        var problem = await ProblemAssert.IsProblemAsync(await _operator.GetAsync("/api/v1/catalog"), HttpStatusCode.Unauthorized);
        Assert.Contains("UnknownKeyId", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_refused_before_its_party_is_added_is_accepted_right_after()
    {
        await ProblemAssert.IsProblemAsync(await _operator.GetAsync("/api/v1/catalog"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Created, (await AddOperator()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _operator.GetAsync("/api/v1/catalog")).StatusCode);
    }

    [Fact]
    public async Task The_supplier_registers_a_dataset_and_every_party_sees_its_description_but_no_row()
    {
        Assert.Equal(HttpStatusCode.Created, (await AddOperator()).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Register()).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _supplier.PostAsJsonAsync("/api/v1/offers", new { id = "offer-1", dataset = "tax", policy = Policy("tax") })).StatusCode);

        var response = await _operator.GetAsync("/api/v1/catalog");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var catalog = JsonDocument.Parse(body);
        var dataset = Assert.Single(catalog.RootElement.EnumerateArray());
        Assert.Equal(250, dataset.GetProperty("rowCount").GetInt64());
        Assert.StartsWith("sha256:", dataset.GetProperty("contentDigest").GetString(), StringComparison.Ordinal);
        Assert.Equal(["taxpayer_id", "region", "income"], dataset.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal("offer-1", Assert.Single(dataset.GetProperty("offers").EnumerateArray()).GetProperty("id").GetString());
        Assert.DoesNotContain("TP-9", body, StringComparison.Ordinal);
        Assert.DoesNotContain(_csv, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterDataset_ColumnsClassified_CatalogueShowsEachColumnsClassAndSensitiveByDefault()
    {
        Assert.Equal(HttpStatusCode.Created, (await AddOperator()).StatusCode);

        var registered = await _supplier.PostAsJsonAsync("/api/v1/datasets", new
        {
            id = "tax",
            name = "Enterprise tax 2025",
            location = _csv,
            classificationLevel = 2,
            columns = new Dictionary<string, string> { ["taxpayer_id"] = "identifying", ["region"] = "public" },
        });

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var columns = (await CatalogAsync())[0].GetProperty("columns").EnumerateArray().ToList();
        Assert.Equal(["taxpayer_id:identifying", "region:public", "income:sensitive"], columns.Select(c => $"{c.GetProperty("name").GetString()}:{c.GetProperty("class").GetString()}"));
    }

    [Fact]
    public async Task RegisterDataset_UnknownClass_IsRefusedWith400NamingItAndRegistersNothing()
    {
        Assert.Equal(HttpStatusCode.Created, (await AddOperator()).StatusCode);

        var problem = await ProblemAssert.IsProblemAsync(
            await Register(columns: new() { ["taxpayer_id"] = "secret", ["region"] = "public" }), HttpStatusCode.BadRequest);

        Assert.Contains("'secret' (column 'taxpayer_id')", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await CatalogAsync()).EnumerateArray());
    }

    [Fact]
    public async Task RegisterDataset_ClassOfAColumnTheDatasetLacks_IsRefusedWith400NamingItAndRegistersNothing()
    {
        Assert.Equal(HttpStatusCode.Created, (await AddOperator()).StatusCode);

        var problem = await ProblemAssert.IsProblemAsync(
            await Register(columns: new() { ["enterprise_id"] = "identifying", ["region"] = "quasiIdentifying" }), HttpStatusCode.BadRequest);

        Assert.Contains("'enterprise_id' is not a column of the dataset", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await CatalogAsync()).EnumerateArray());
        Assert.Equal(HttpStatusCode.Created, (await Register(columns: new() { ["taxpayer_id"] = "identifying" })).StatusCode);
    }

    [Fact]
    public async Task Supplier_only_endpoints_refuse_an_operator_with_403()
    {
        await AddOperator();
        var problem = await ProblemAssert.IsProblemAsync(await _operator.PostAsJsonAsync("/api/v1/datasets", new { id = "x", name = "x", location = _csv, classificationLevel = 1 }), HttpStatusCode.Forbidden);
        Assert.Contains("Operator", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(await _operator.GetAsync("/api/v1/parties"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await _operator.GetAsync("/api/v1/audit/entries"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_replayed_request_is_refused()
    {
        var recorder = new RecordingHandler();
        using var signer = new HttpClient(new SigningHandler(_supplierKey, inner: recorder)) { BaseAddress = _server.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await signer.GetAsync("/api/v1/catalog")).StatusCode);

        using var replay = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseAddress, "/api/v1/catalog"));
        foreach (var header in recorder.Last!.Headers)
        {
            replay.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        using var plain = new HttpClient();
        var problem = await ProblemAssert.IsProblemAsync(await plain.SendAsync(replay), HttpStatusCode.Unauthorized);
        Assert.Contains("Replayed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_the_reason_and_changes_nothing()
    {
        var missing = await ProblemAssert.IsProblemAsync(
            await _supplier.PostAsJsonAsync("/api/v1/datasets", new { id = "gone", name = "x", location = _files.Combine("nope.csv"), classificationLevel = 1 }), HttpStatusCode.BadRequest);
        Assert.Contains("nope.csv", missing.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(await _supplier.PostAsJsonAsync("/api/v1/datasets", new { id = "rel", name = "x", location = "tax.csv", classificationLevel = 1 }), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await _supplier.PostAsJsonAsync("/api/v1/datasets", new { id = "bad id!", name = "x", location = _csv, classificationLevel = 1 }), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await _supplier.PostAsync("/api/v1/datasets", new StringContent("{\"id\":", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);

        Assert.Equal(HttpStatusCode.Created, (await Register()).StatusCode);
        await ProblemAssert.IsProblemAsync(await Register(), HttpStatusCode.Conflict);

        var policy = await ProblemAssert.IsProblemAsync(await _supplier.PostAsJsonAsync("/api/v1/offers", new { id = "o", dataset = "tax", policy = new JsonObject { ["@type"] = "Offer" } }), HttpStatusCode.BadRequest);
        Assert.Contains("the policy is not valid", policy.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(await _supplier.PostAsJsonAsync("/api/v1/offers", new { id = "o", dataset = "tax", policy = Policy("other") }), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await _supplier.PostAsJsonAsync("/api/v1/offers", new { id = "o", dataset = "none", policy = Policy("none") }), HttpStatusCode.NotFound);

        using var catalog = JsonDocument.Parse(await _supplier.GetStringAsync("/api/v1/catalog"));
        Assert.Equal(["tax"], catalog.RootElement.EnumerateArray().Select(d => d.GetProperty("id").GetString()));
        Assert.Empty(catalog.RootElement[0].GetProperty("offers").EnumerateArray());
    }

    [Fact]
    public async Task Changes_are_in_the_signed_log_and_the_checkpoint_is_public()
    {
        await AddOperator();
        await Register();

        using var plain = new HttpClient { BaseAddress = _server.BaseAddress };
        var note = await plain.GetStringAsync("/api/v1/audit/checkpoint");
        Assert.True(DataSpace.Crypto.Checkpoints.CheckpointNote.TryOpen(note, _supplierKey.PublicKey, _server.App.Identity.LogOrigin, out var checkpoint, out var error), error);
        Assert.Equal(2, checkpoint!.Size);

        using var entries = JsonDocument.Parse(await _supplier.GetStringAsync("/api/v1/audit/entries?start=0&count=10"));
        var leaves = entries.RootElement.GetProperty("leaves").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Contains("\"action\":\"party.add\"", leaves[0], StringComparison.Ordinal);
        Assert.Contains("\"action\":\"dataset.register\"", leaves[1], StringComparison.Ordinal);
        Assert.Contains($"\"actor\":\"{_server.App.Identity.Id}\"", leaves[1], StringComparison.Ordinal);
    }

    private sealed class RecordingHandler : DelegatingHandler
    {
        public RecordingHandler()
            : base(new SocketsHttpHandler())
        {
        }

        public HttpRequestMessage? Last { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Last = request;
            return base.SendAsync(request, cancellationToken);
        }
    }
}

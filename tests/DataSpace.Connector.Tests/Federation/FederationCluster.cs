using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Connector.Http;
using DataSpace.Connector.Tests.Support;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;

namespace DataSpace.Connector.Tests.Federation;

/// <summary>
/// Several real connectors on loopback (Kestrel), each a tax bureau with its own synthetic dataset <c>tax</c>, the
/// same offer under a Laplace-noise policy, every other connector on its trust list in the federation role, and the
/// same operator, data user and auditor; the operator holds agreement <c>fed</c> on each (docs/federation.md).
/// </summary>
internal sealed class FederationCluster : IAsyncDisposable
{
    public const string Dataset = "tax";
    public const string Agreement = "fed";
    public static readonly string[] Industries = ["catering", "manufacturing", "retail", "software"];

    private readonly TempDirectory _files = new();
    private readonly List<DataSpace.Connector.Tests.Storage.PostgresTestDatabase> _databases = [];

    private FederationCluster()
    {
    }

    public List<ConnectorServer> Servers { get; } = [];

    public List<SigningKey> SupplierKeys { get; } = [];

    /// <summary>Per connector, its rows: (industry, income, tax).</summary>
    public List<List<(string Industry, double Income, double Tax)>> Rows { get; } = [];

    public SigningKey OperatorKey { get; } = SignatureSuites.Sm2.GenerateKey();

    public SigningKey DataUserKey { get; } = SignatureSuites.P256.GenerateKey();

    public SigningKey AuditorKey { get; } = SignatureSuites.Ed25519.GenerateKey();

    public const string OfferPolicy = """
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Offer",
         "uid": "urn:offer:fed", "target": "tax",
         "permission": [{"action": "dsc:computeAggregate", "constraint": [
           {"leftOperand": "dsc:outputKind", "operator": "isAnyOf", "rightOperand": [{"@id": "dsc:aggregate"}]},
           {"leftOperand": "dsc:epsilon", "operator": "lteq", "rightOperand": 4.0},
           {"leftOperand": "dsc:groupSize", "operator": "gteq", "rightOperand": 10},
           {"leftOperand": "dsc:column", "operator": "isPartOf", "rightOperand": ["industry", "income", "tax"]}]}]}
        """;

    public static JsonObject Plan => JsonNode.Parse($$"""
        {"format": "dataspace/analysis-plan/v1", "dataset": "tax",
         "groupBy": [{"column": "industry", "values": {{JsonSerializer.Serialize(Industries)}}}],
         "measures": [{"column": "income", "bounds": [0, 100000]}, {"column": "tax", "bounds": [0, 5000]}]}
        """)!.AsObject();

    public static async Task<FederationCluster> StartAsync(int connectors, string engine = "Sqlite", string suite = "ed25519")
    {
        var cluster = new FederationCluster();
        try
        {
            await cluster.InitializeAsync(connectors, suite, engine);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task InitializeAsync(int connectors, string suite, string engine)
    {
        for (var c = 0; c < connectors; c++)
        {
            var random = new Random(1000 + c);
            var rows = new List<(string, double, double)>();
            var csv = new StringBuilder("enterprise_id,industry,income,tax\n");
            for (var i = 0; i < 300 + (c * 50); i++)
            {
                var industry = Industries[random.Next(Industries.Length)];
                var income = Math.Round(random.NextDouble() * 90_000, 2);
                var tax = Math.Round(income * 0.03, 2);
                rows.Add((industry, income, tax));
                csv.Append(CultureInfo.InvariantCulture, $"E{c}{i:D6},{industry},{income:0.00},{tax:0.00}\n");
            }

            Rows.Add(rows);
            var directory = _files.Combine($"city-{c}");
            Directory.CreateDirectory(directory);
            await File.WriteAllTextAsync(Path.Combine(directory, "tax.csv"), csv.ToString());
            (string, string)[] settings = [("SignatureSuite", suite)];
            if (engine == "Postgres")
            {
                var database = new DataSpace.Connector.Tests.Storage.PostgresTestDatabase();
                _databases.Add(database);
                settings = [.. settings, ("Storage:Engine", "Postgres"), ("Storage:ConnectionString", database.Options.ConnectionString!)];
            }

            var server = await ConnectorServer.StartAsync(Path.Combine(directory, "data"), settings);
            Servers.Add(server);
            SupplierKeys.Add(KeyFiles.LoadSigningKey(Path.Combine(server.DataDirectory, "keys", "connector.key")));
        }

        for (var c = 0; c < connectors; c++)
        {
            using var supplier = Client(c, SupplierKeys[c]);
            await Send(supplier, HttpMethod.Post, "/api/v1/parties", Party("urn:party:operator", "Operator", OperatorKey), HttpStatusCode.Created);
            await Send(supplier, HttpMethod.Post, "/api/v1/parties", Party("urn:party:bank", "DataUser", DataUserKey), HttpStatusCode.Created);
            await Send(supplier, HttpMethod.Post, "/api/v1/parties", Party("urn:party:auditor", "Auditor", AuditorKey), HttpStatusCode.Created);
            for (var peer = 0; peer < connectors; peer++)
            {
                if (peer != c)
                {
                    await Send(supplier, HttpMethod.Post, "/api/v1/parties", Party($"urn:party:city-{peer}", "Federation", SupplierKeys[peer]), HttpStatusCode.Created);
                }
            }

            await Send(supplier, HttpMethod.Post, "/api/v1/datasets", new
            {
                id = Dataset, name = "Enterprise tax", location = Path.Combine(_files.Combine($"city-{c}"), "tax.csv"), classificationLevel = 2,
                columns = new Dictionary<string, string> { ["enterprise_id"] = "identifying" },
            }, HttpStatusCode.Created);
            await Send(supplier, HttpMethod.Post, "/api/v1/offers", new { id = "fed-offer", dataset = Dataset, policy = JsonNode.Parse(OfferPolicy) }, HttpStatusCode.Created);
            using var operatorClient = Client(c, OperatorKey);
            var request = SignedStatement.Sign("dataspace/agreement-request/v1", new JsonObject
            {
                ["agreement"] = Agreement,
                ["offer"] = "fed-offer",
                ["purpose"] = "statistics",
                ["validUntil"] = DateTimeOffset.UtcNow.AddDays(30).ToString("O", CultureInfo.InvariantCulture),
            }, OperatorKey);
            await Send(operatorClient, HttpMethod.Post, "/api/v1/agreements", new { statement = JsonNode.Parse(request.ToString()) }, HttpStatusCode.Created);
        }
    }

    public HttpClient Client(int connector, SigningKey key) => new(new SigningHandler(key)) { BaseAddress = Servers[connector].BaseAddress };

    public string KeyId(int connector) => Servers[connector].App.Identity.KeyId;

    /// <summary>The operator's signed request over all connectors, connector <paramref name="aggregator"/> aggregating.</summary>
    public SignedStatement Request(string federation, int aggregator = 0, double epsilon = 2.0, TimeSpan? expiresIn = null, string keyAgreement = "x25519") =>
        SignedStatement.Sign("dataspace/federation-request/v1", new JsonObject
        {
            ["federation"] = federation,
            ["aggregator"] = KeyId(aggregator),
            ["keyAgreement"] = keyAgreement,
            ["epsilon"] = epsilon,
            ["recipient"] = DataUserKey.PublicKey.ExportPem(),
            ["plan"] = Plan,
            ["participants"] = new JsonArray([.. Servers.Select((s, i) => (JsonNode)new JsonObject
            {
                ["connector"] = KeyId(i),
                ["url"] = s.BaseAddress.ToString(),
                ["agreement"] = Agreement,
                ["dataset"] = Dataset,
            })]),
            ["expires"] = DateTimeOffset.UtcNow.Add(expiresIn ?? TimeSpan.FromMinutes(5)).ToString("O", CultureInfo.InvariantCulture),
        }, OperatorKey);

    /// <summary>
    /// As the operator: submits the request to every connector, brings each the key set, and returns each connector's job id.
    /// </summary>
    public async Task<string[]> SubmitAsync(SignedStatement request)
    {
        var jobs = new string[Servers.Count];
        var keys = new JsonArray();
        for (var c = 0; c < Servers.Count; c++)
        {
            using var operatorClient = Client(c, OperatorKey);
            var answer = await Send(operatorClient, HttpMethod.Post, "/api/v1/federations", new { statement = JsonNode.Parse(request.ToString()) }, HttpStatusCode.Created);
            jobs[c] = answer.GetProperty("job").GetProperty("id").GetString()!;
            keys.Add(JsonNode.Parse(answer.GetProperty("key").GetRawText()));
        }

        var federation = request.Body["federation"]!.GetValue<string>();
        for (var c = 0; c < Servers.Count; c++)
        {
            using var operatorClient = Client(c, OperatorKey);
            await Send(operatorClient, HttpMethod.Post, $"/api/v1/federations/{federation}/keys", new { keys = keys.DeepClone() }, HttpStatusCode.OK);
        }

        return jobs;
    }

    public async Task ApproveAsync(int connector, string job)
    {
        using var supplier = Client(connector, SupplierKeys[connector]);
        await Send(supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
    }

    public async Task<JsonElement> WaitForJobAsync(int connector, string job, params string[] states)
    {
        using var operatorClient = Client(connector, OperatorKey);
        for (var attempt = 0; attempt < 1500; attempt++)
        {
            var seen = await Send(operatorClient, HttpMethod.Get, "/api/v1/jobs/" + job, null, HttpStatusCode.OK);
            if (states.Contains(seen.GetProperty("state").GetString()))
            {
                return seen;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"job {job} on connector {connector} did not reach {string.Join("/", states)}");
    }

    public static object Party(string id, string role, SigningKey key) => new { id, name = id, role, publicKeys = new[] { key.PublicKey.ExportPem() } };

    public static async Task<JsonElement> Send(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var message = new HttpRequestMessage(method, path) { Content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body) };
        using var response = await client.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in Servers)
        {
            await server.DisposeAsync();
        }

        foreach (var key in SupplierKeys)
        {
            key.Dispose();
        }

        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }

        OperatorKey.Dispose();
        DataUserKey.Dispose();
        AuditorKey.Dispose();
        _files.Dispose();
    }
}

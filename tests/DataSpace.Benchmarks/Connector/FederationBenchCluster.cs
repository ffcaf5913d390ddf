using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Http;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;

namespace DataSpace.Benchmarks.Connector;

/// <summary>
/// Three (or more) real connectors on Kestrel on loopback, set up as FederationCluster in the connector tests sets them
/// up (docs/federation.md): each a tax bureau with its own synthetic CSV dataset <c>tax</c> of <c>industry</c> (100
/// values, <c>industry-000</c> to <c>industry-099</c>), <c>income</c> and <c>tax</c>, the same Laplace-noise offer,
/// the operator's agreement <c>fed</c>, every other connector on its trust list in the federation role. Job ends are
/// published at once (publication grid 0) and the privacy budgets are raised so that repeated runs are not refused.
/// </summary>
internal sealed class FederationBenchCluster : IAsyncDisposable
{
    public const string Dataset = "tax";
    public const string Agreement = "fed";
    public const int Groups = 100;
    public const double Epsilon = 1.0;

    private const string OfferPolicy = """
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Offer",
         "uid": "urn:offer:fed", "target": "tax",
         "permission": [{"action": "dsc:computeAggregate", "constraint": [
           {"leftOperand": "dsc:outputKind", "operator": "isAnyOf", "rightOperand": [{"@id": "dsc:aggregate"}]},
           {"leftOperand": "dsc:epsilon", "operator": "lteq", "rightOperand": 1000.0},
           {"leftOperand": "dsc:groupSize", "operator": "gteq", "rightOperand": 10},
           {"leftOperand": "dsc:column", "operator": "isPartOf", "rightOperand": ["industry", "income", "tax"]}]}]}
        """;

    private readonly string _scratch;

    private FederationBenchCluster(string scratch) => _scratch = scratch;

    public List<ConnectorApp> Apps { get; } = [];

    public List<SigningKey> SupplierKeys { get; } = [];

    public SigningKey OperatorKey { get; } = SignatureSuites.Ed25519.GenerateKey();

    public SigningKey DataUserKey { get; } = SignatureSuites.P256.GenerateKey();

    /// <summary>The industries of the plan's declared domain, in order.</summary>
    public static string[] Industries { get; } = [.. Enumerable.Range(0, Groups).Select(g => $"industry-{g:D3}")];

    /// <summary>
    /// 100 groups × 4 statistics: each group's count, the sum and sum of squares of <c>income</c> (its variance) and the
    /// sum of <c>tax</c>: a partial of 400 values.
    /// </summary>
    public static JsonObject Plan => new()
    {
        ["format"] = "dataspace/analysis-plan/v1",
        ["dataset"] = Dataset,
        ["groupBy"] = new JsonArray(new JsonObject { ["column"] = "industry", ["values"] = new JsonArray([.. Industries.Select(i => (JsonNode)i)]) }),
        ["measures"] = new JsonArray(
            new JsonObject { ["column"] = "income", ["bounds"] = new JsonArray(0, 200_000), ["variance"] = true },
            new JsonObject { ["column"] = "tax", ["bounds"] = new JsonArray(0, 50_000) }),
    };

    /// <summary>Starts the connectors, writes each its dataset of <paramref name="rows"/> rows and registers it; returns the time the registrations took.</summary>
    public static async Task<(FederationBenchCluster Cluster, TimeSpan Written, TimeSpan Registered)> StartAsync(int connectors, int rows)
    {
        var cluster = new FederationBenchCluster(Machine.ScratchDirectory("federation-" + Guid.NewGuid().ToString("N")));
        try
        {
            var (written, registered) = await cluster.InitializeAsync(connectors, rows);
            return (cluster, written, registered);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task<(TimeSpan, TimeSpan)> InitializeAsync(int connectors, int rows)
    {
        for (var c = 0; c < connectors; c++)
        {
            var app = ConnectorHost.Build(
            [
                $"--Connector:DataDirectory={Path.Combine(_scratch, $"city-{c}")}",
                "--Connector:Urls=http://127.0.0.1:0",
                "--Connector:Logging:Console=None",
                // Job ends published at once: the benchmark measures the work, not the 10-s publication grid.
                "--Connector:Jobs:PublishGrid=00:00:00",
                "--Connector:Privacy:DataUserEpsilon=1000",
                "--Connector:Privacy:DatasetEpsilon=1000",
            ]);
            await app.StartAsync();
            Apps.Add(app);
            SupplierKeys.Add(KeyFiles.LoadSigningKey(Path.Combine(app.DataDirectory.Root, "keys", "connector.key")));
        }

        var writing = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Apps.Select((app, c) => Task.Run(() => WriteCsv(DatasetPath(c), rows, seed: 1000 + c))));
        var written = writing.Elapsed;

        var registering = System.Diagnostics.Stopwatch.StartNew();
        for (var c = 0; c < connectors; c++)
        {
            using var supplier = Client(c, SupplierKeys[c]);
            await SendAsync(supplier, HttpMethod.Post, "/api/v1/parties", Party("urn:party:operator", "Operator", OperatorKey), HttpStatusCode.Created);
            await SendAsync(supplier, HttpMethod.Post, "/api/v1/parties", Party("urn:party:bank", "DataUser", DataUserKey), HttpStatusCode.Created);
            for (var peer = 0; peer < connectors; peer++)
            {
                if (peer != c)
                {
                    await SendAsync(supplier, HttpMethod.Post, "/api/v1/parties", Party($"urn:party:city-{peer}", "Federation", SupplierKeys[peer]), HttpStatusCode.Created);
                }
            }

            // The one-time registration hashes the whole file: not part of any job's time.
            await SendAsync(supplier, HttpMethod.Post, "/api/v1/datasets",
                new { id = Dataset, name = "Enterprise tax", location = DatasetPath(c), classificationLevel = 2 }, HttpStatusCode.Created);
            await SendAsync(supplier, HttpMethod.Post, "/api/v1/offers", new { id = "fed-offer", dataset = Dataset, policy = JsonNode.Parse(OfferPolicy) }, HttpStatusCode.Created);
            using var operatorClient = Client(c, OperatorKey);
            var request = SignedStatement.Sign("dataspace/agreement-request/v1", new JsonObject
            {
                ["agreement"] = Agreement,
                ["offer"] = "fed-offer",
                ["purpose"] = "statistics",
                ["validUntil"] = DateTimeOffset.UtcNow.AddDays(1).ToString("O", CultureInfo.InvariantCulture),
            }, OperatorKey);
            await SendAsync(operatorClient, HttpMethod.Post, "/api/v1/agreements", new { statement = JsonNode.Parse(request.ToString()) }, HttpStatusCode.Created);
        }

        return (written, registering.Elapsed);
    }

    /// <summary>In the connector's default data root, the one place it registers dataset files from without further configuration.</summary>
    private string DatasetPath(int connector) => Path.Combine(Apps[connector].DataDirectory.DatasetsDirectory, "tax.csv");

    /// <summary>Deterministic synthetic rows: industries uniform over the 100, income uniform in [20,000, 200,000), tax about 3% of it.</summary>
    private static void WriteCsv(string path, int rows, int seed)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path, append: false, System.Text.Encoding.UTF8, bufferSize: 1 << 20);
        writer.Write("industry,income,tax\n");
        for (var i = 0; i < rows; i++)
        {
            var income = 20_000 + (random.NextDouble() * 180_000);
            var tax = income * (0.02 + (random.NextDouble() * 0.02));
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{Industries[random.Next(Groups)]},{income:0.00},{tax:0.00}\n"));
        }
    }

    public string KeyId(int connector) => Apps[connector].Identity.KeyId;

    public HttpClient Client(int connector, SigningKey key) => new(new SigningHandler(key, inner: new SocketsHttpHandler
    {
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseCookies = false,
    }))
    { BaseAddress = Apps[connector].Addresses.Single() };

    /// <summary>The operator's signed federation request over all connectors, connector <paramref name="aggregator"/> aggregating.</summary>
    public SignedStatement Request(string federation, int aggregator) => SignedStatement.Sign("dataspace/federation-request/v1", new JsonObject
    {
        ["federation"] = federation,
        ["aggregator"] = KeyId(aggregator),
        ["keyAgreement"] = "x25519",
        ["epsilon"] = Epsilon,
        ["recipient"] = DataUserKey.PublicKey.ExportPem(),
        ["plan"] = Plan,
        ["participants"] = new JsonArray([.. Apps.Select((app, i) => (JsonNode)new JsonObject
        {
            ["connector"] = KeyId(i),
            ["url"] = app.Addresses.Single().ToString(),
            ["agreement"] = Agreement,
            ["dataset"] = Dataset,
        })]),
        ["expires"] = DateTimeOffset.UtcNow.AddMinutes(10).ToString("O", CultureInfo.InvariantCulture),
    }, OperatorKey);

    /// <summary>A single connector's plan job manifest: the same plan, agreement, recipient and epsilon as the federated job.</summary>
    public JsonObject PlanManifest() => new()
    {
        ["agreement"] = Agreement,
        ["dataset"] = Dataset,
        ["recipient"] = DataUserKey.PublicKey.ExportPem(),
        ["epsilon"] = Epsilon,
    };

    private static object Party(string id, string role, SigningKey key) => new { id, name = id, role, publicKeys = new[] { key.PublicKey.ExportPem() } };

    public static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var message = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        return response.StatusCode == expected
            ? (text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone())
            : throw new InvalidOperationException($"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in Apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        foreach (var key in SupplierKeys)
        {
            key.Dispose();
        }

        OperatorKey.Dispose();
        DataUserKey.Dispose();
        Directory.Delete(_scratch, recursive: true);
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Http;
using DataSpace.Crypto.Signatures;
using DataSpace.Benchmarks.Sandbox;
using DataSpace.Crypto.Statements;

namespace DataSpace.Benchmarks.Connector;

/// <summary>
/// The real connector on Kestrel on a loopback port with a scratch data directory (console logging off, the
/// rolling log file as configured), set up the way WholeFlowTests does it over HTTP: an operator (p256) and a
/// data user on the trust list, a 10,000-row CSV dataset, an offer whose policy admits only the grouped-stats
/// module by digest (which the supplier still approves per job: a module is never pre-approved), and an agreement made
/// by signed statement.
/// </summary>
internal sealed class BenchConnector : IAsyncDisposable
{
    public const string AgreementId = "agr-bench";

    private readonly string _scratch;

    private BenchConnector(string scratch, ConnectorApp app, SigningKey supplier, byte[] wasm)
    {
        _scratch = scratch;
        App = app;
        SupplierKey = supplier;
        Wasm = wasm;
        BaseAddress = app.Addresses.Single();
    }

    public ConnectorApp App { get; }

    public Uri BaseAddress { get; }

    public SigningKey SupplierKey { get; }

    public SigningKey OperatorKey { get; } = SignatureSuites.P256.GenerateKey();

    public SigningKey DataUserKey { get; } = SignatureSuites.P256.GenerateKey();

    public byte[] Wasm { get; }

    public static async Task<BenchConnector> StartAsync(int rows)
    {
        var scratch = Machine.ScratchDirectory("connector-" + Guid.NewGuid().ToString("N"));
        var app = ConnectorHost.Build(
        [
            $"--Connector:DataDirectory={Path.Combine(scratch, "data")}",
            "--Connector:Urls=http://127.0.0.1:0",
            "--Connector:Logging:Console=None",
            // Job ends published at once: the benchmark measures the lifecycle, not the 10-s publication grid.
            "--Connector:Jobs:PublishGrid=00:00:00",
        ]);
        await app.StartAsync();
        var supplier = KeyFiles.LoadSigningKey(Path.Combine(app.DataDirectory.Root, "keys", "connector.key"));
        var wasm = await File.ReadAllBytesAsync(Path.Combine(Repository.Root, "samples", "jobs", "grouped-stats", "grouped-stats.wasm"));
        var connector = new BenchConnector(scratch, app, supplier, wasm);
        await connector.SetUpAsync(rows);
        return connector;
    }

    public HttpClient SignedClient(SigningKey key, int connections) =>
        new(new SigningHandler(key, inner: Handler(connections))) { BaseAddress = BaseAddress };

    public HttpClient PlainClient(int connections) => new(Handler(connections)) { BaseAddress = BaseAddress };

    private static SocketsHttpHandler Handler(int connections) => new()
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseCookies = false,
    };

    public JsonObject Manifest() => new()
    {
        ["agreement"] = AgreementId,
        ["dataset"] = "tax",
        ["columns"] = new JsonArray("region", "income", "tax"),
        ["output"] = "aggregate",
        ["recipient"] = DataUserKey.PublicKey.ExportPem(),
        ["measures"] = new JsonArray(
            new JsonObject { ["name"] = "income", ["lower"] = 0, ["upper"] = 1e6 },
            new JsonObject { ["name"] = "tax", ["lower"] = 0, ["upper"] = 5e5 }),
        ["groupKeyColumn"] = "region",
    };

    private async Task SetUpAsync(int rows)
    {
        var csv = new StringBuilder("region,income,tax\n");
        var random = new Random(42);
        for (var i = 0; i < rows; i++)
        {
            var income = 20_000 + (random.NextDouble() * 180_000);
            csv.Append(CultureInfo.InvariantCulture, $"{10 + random.Next(8)},{income:0.00},{income * 0.21:0.00}\n");
        }

        // In the connector's default data root, the one place it registers dataset files from (docs/connector-service.md).
        var path = Path.Combine(App.DataDirectory.DatasetsDirectory, "tax.csv");
        await File.WriteAllTextAsync(path, csv.ToString());
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Wasm));

        using var supplier = SignedClient(SupplierKey, 1);
        using var operatorClient = SignedClient(OperatorKey, 1);
        await SendAsync(supplier, "/api/v1/parties", new { id = "urn:party:bureau", name = "Credit bureau", role = "Operator", publicKeys = new[] { OperatorKey.PublicKey.ExportPem() } });
        await SendAsync(supplier, "/api/v1/parties", new { id = "urn:party:bank", name = "City bank", role = "DataUser", publicKeys = new[] { DataUserKey.PublicKey.ExportPem() } });
        await SendAsync(supplier, "/api/v1/datasets", new { id = "tax", name = "Enterprise tax", location = path, classificationLevel = 2 });
        var policy = AggregateOffer("urn:policy:bench", digest);
        await SendAsync(supplier, "/api/v1/offers", new { id = "offer-bench", dataset = "tax", policy });
        var request = SignedStatement.Sign("dataspace/agreement-request/v1", new JsonObject
        {
            ["agreement"] = AgreementId,
            ["offer"] = "offer-bench",
            ["purpose"] = "credit-statistics",
            ["validUntil"] = DateTimeOffset.UtcNow.AddDays(1).ToString("O", CultureInfo.InvariantCulture),
        }, OperatorKey);
        await SendAsync(operatorClient, "/api/v1/agreements", new { statement = JsonNode.Parse(request.ToString()) });
    }

    /// <summary>
    /// The benchmarks' offer of the <c>tax</c> dataset for aggregates over region, income and tax for credit statistics (groups
    /// of at least 20), limited to the module <paramref name="moduleDigest"/> when one is given.
    /// </summary>
    public static JsonNode AggregateOffer(string uid, string? moduleDigest = null)
    {
        var constraints = new JsonArray(
            new JsonObject { ["leftOperand"] = "purpose", ["operator"] = "eq", ["rightOperand"] = "credit-statistics" },
            new JsonObject { ["leftOperand"] = "dsc:groupSize", ["operator"] = "gteq", ["rightOperand"] = 20 });
        if (moduleDigest is not null)
        {
            constraints.Add(new JsonObject { ["leftOperand"] = "dsc:moduleDigest", ["operator"] = "isAnyOf", ["rightOperand"] = new JsonArray(moduleDigest) });
        }

        constraints.Add(new JsonObject { ["leftOperand"] = "dsc:column", ["operator"] = "isPartOf", ["rightOperand"] = new JsonArray("region", "income", "tax") });
        return new JsonObject
        {
            ["@context"] = new JsonArray("http://www.w3.org/ns/odrl.jsonld", new JsonObject { ["dsc"] = "https://dataspace.example/odrl/profile#" }),
            ["@type"] = "Offer",
            ["uid"] = uid,
            ["profile"] = "https://dataspace.example/odrl/profile#",
            ["assigner"] = "urn:party:tax-bureau",
            ["target"] = "tax",
            ["permission"] = new JsonArray(new JsonObject { ["action"] = "dsc:computeAggregate", ["constraint"] = constraints }),
        };
    }

    public static async Task<JsonElement> SendAsync(HttpClient client, string path, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await client.PostAsync(path, JsonContent.Create(body));
        var text = await response.Content.ReadAsStringAsync();
        return response.StatusCode == expected
            ? JsonDocument.Parse(text).RootElement.Clone()
            : throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        SupplierKey.Dispose();
        OperatorKey.Dispose();
        DataUserKey.Dispose();
        Directory.Delete(_scratch, recursive: true);
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Connector.Http;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;

namespace DataSpace.WebConsole.Tests.Support;

/// <summary>
/// A real connector with the four roles on its trust list, a 400-row tax dataset, a noisy-statistics offer, the
/// operator's agreement and one submitted plan job; and, on demand, a <c>dsc console</c> for any of the four keys.
/// </summary>
public sealed class ConsoleWorld : IAsyncDisposable
{
    private readonly List<ConsoleApp> _consoles = [];
    private bool _customAgreed;

    /// <summary>A custom-output module that writes one harmless line, "regions reviewed: 3" (as the connector tests' Scenario.ReportWasm).</summary>
    public static readonly byte[] ReportWasm = Wasmtime.Module.ConvertText("""
        (module
          (import "dsc" "output" (func $output (param i32 i32)))
          (memory (export "memory") 1)
          (data (i32.const 0) "regions reviewed: 3\n")
          (func (export "dsc_abi_version") (result i32) i32.const 1)
          (func (export "dsc_run") (result i32) (call $output (i32.const 0) (i32.const 20)) i32.const 0))
        """);

    private ConsoleWorld(LiveConnector connector) => Connector = connector;

    public LiveConnector Connector { get; }

    public SigningKey SupplierKey { get; private set; } = null!;

    public SigningKey OperatorKey { get; } = SignatureSuites.Ed25519.GenerateKey();

    public SigningKey DataUserKey { get; } = SignatureSuites.P256.GenerateKey();

    public SigningKey AuditorKey { get; } = SignatureSuites.Sm2.GenerateKey();

    public static async Task<ConsoleWorld> StartAsync()
    {
        var connector = await LiveConnector.StartAsync(("Jobs:PublishGrid", "00:00:00"));
        var world = new ConsoleWorld(connector);
        await world.InitializeAsync();
        return world;
    }

    private async Task InitializeAsync()
    {
        SupplierKey = KeyFiles.LoadSigningKey(Connector.App.DataDirectory.KeyFile);
        var csv = new StringBuilder("enterprise_id,industry,income,tax\n");
        var industries = new[] { "catering", "retail", "software" };
        for (var i = 0; i < 400; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"E{i:D6},{industries[i % 3]},{1000 + (i * 17.5):0.00},{10 + (i % 40):0.00}\n");
        }

        var file = Path.Combine(Path.GetDirectoryName(Connector.App.DataDirectory.Root)!, "tax.csv");
        await File.WriteAllTextAsync(file, csv.ToString());
        using var supplier = Client(SupplierKey);
        foreach (var (id, role, key) in new[] { ("urn:party:operator", "Operator", OperatorKey), ("urn:party:bank", "DataUser", DataUserKey), ("urn:party:auditor", "Auditor", AuditorKey) })
        {
            await Send(supplier, HttpMethod.Post, "/api/v1/parties", new { id, name = id, role, publicKeys = new[] { key.PublicKey.ExportPem() } });
        }

        await Send(supplier, HttpMethod.Post, "/api/v1/datasets", new
        {
            id = "tax", name = "Enterprise tax", location = file, classificationLevel = 2, columns = new Dictionary<string, string> { ["enterprise_id"] = "identifying" },
        });
        await Send(supplier, HttpMethod.Post, "/api/v1/offers", new
        {
            id = "stats", dataset = "tax", policy = JsonNode.Parse("""
                {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Offer",
                 "uid": "urn:offer:stats", "target": "tax",
                 "permission": [{"action": "dsc:computeAggregate", "constraint": [
                   {"leftOperand": "dsc:epsilon", "operator": "lteq", "rightOperand": 4.0},
                   {"leftOperand": "dsc:groupSize", "operator": "gteq", "rightOperand": 10},
                   {"leftOperand": "dsc:column", "operator": "isPartOf", "rightOperand": ["industry", "income", "tax"]}]}]}
                """),
        });
        using var operatorClient = Client(OperatorKey);
        var request = SignedStatement.Sign("dataspace/agreement-request/v1", new JsonObject
        {
            ["agreement"] = "agr", ["offer"] = "stats", ["purpose"] = "statistics",
            ["validUntil"] = DateTimeOffset.UtcNow.AddDays(30).ToString("O", CultureInfo.InvariantCulture),
        }, OperatorKey);
        await Send(operatorClient, HttpMethod.Post, "/api/v1/agreements", new { statement = JsonNode.Parse(request.ToString()) });
    }

    /// <summary>The operator submits a plan job (mean income and tax by industry, epsilon 1); returns its id.</summary>
    public async Task<string> SubmitAsync()
    {
        using var operatorClient = Client(OperatorKey);
        var job = await Send(operatorClient, HttpMethod.Post, "/api/v1/jobs", new
        {
            manifest = new JsonObject { ["agreement"] = "agr", ["dataset"] = "tax", ["recipient"] = DataUserKey.PublicKey.ExportPem(), ["epsilon"] = 1.0 },
            plan = JsonNode.Parse("""
                {"format": "dataspace/analysis-plan/v1", "dataset": "tax",
                 "groupBy": [{"column": "industry", "values": ["catering", "retail", "software"]}],
                 "measures": [{"column": "income", "bounds": [0, 10000]}, {"column": "tax", "bounds": [0, 100]}]}
                """),
        });
        return job.GetProperty("id").GetString()!;
    }

    /// <summary>The supplier approves <paramref name="job"/> through the API (the job then runs on its own).</summary>
    public async Task ApproveAsync(string job)
    {
        using var supplier = Client(SupplierKey);
        await Send(supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null);
    }

    /// <summary>A submitted job, approved through the API and run until released; returns its id.</summary>
    public async Task<string> ReleasedAsync()
    {
        var job = await SubmitAsync();
        using var supplier = Client(SupplierKey);
        await Send(supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null);
        for (var attempt = 0; attempt < 1500 && await StateAsync(job) != "Released"; attempt++)
        {
            await Task.Delay(20);
        }

        return job;
    }

    /// <summary>
    /// A custom-output job (a module that writes "regions reviewed: 3", which passes the leak check) under an agreement on
    /// an offer permitting <c>dsc:customAnalysis</c>, approved and run until its output is held for review; returns its id.
    /// </summary>
    public async Task<string> HeldForReviewAsync()
    {
        await CustomAgreementAsync();
        using var supplier = Client(SupplierKey);
        using var operatorClient = Client(OperatorKey);
        var job = (await Send(operatorClient, HttpMethod.Post, "/api/v1/jobs", new
        {
            manifest = new JsonObject
            {
                ["agreement"] = "agr-custom", ["dataset"] = "tax", ["columns"] = new JsonArray("industry", "income"), ["output"] = "custom",
                ["recipient"] = DataUserKey.PublicKey.ExportPem(),
            },
            module = Convert.ToBase64String(ReportWasm),
            source = "/* writes one line: regions reviewed: 3 */\nint dsc_run(void) { return 0; }\n",
        })).GetProperty("id").GetString()!;
        await Send(supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null);
        for (var attempt = 0; attempt < 1500 && await StateAsync(job) != "PendingReview"; attempt++)
        {
            await Task.Delay(20);
        }

        Assert.Equal("PendingReview", await StateAsync(job));
        return job;
    }

    /// <summary>An offer "custom" permitting <c>dsc:customAnalysis</c> on "tax" and the operator's agreement "agr-custom" on it (once).</summary>
    public async Task CustomAgreementAsync()
    {
        if (_customAgreed)
        {
            return;
        }

        using var supplier = Client(SupplierKey);
        using var operatorClient = Client(OperatorKey);
        await Send(supplier, HttpMethod.Post, "/api/v1/offers", new
        {
            id = "custom", dataset = "tax", policy = JsonNode.Parse("""
                {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}],
                 "@type": "Offer", "uid": "urn:offer:custom", "target": "tax", "permission": [{"action": "dsc:customAnalysis"}]}
                """),
        });
        var request = SignedStatement.Sign("dataspace/agreement-request/v1", new JsonObject
        {
            ["agreement"] = "agr-custom", ["offer"] = "custom", ["purpose"] = "statistics",
            ["validUntil"] = DateTimeOffset.UtcNow.AddDays(30).ToString("O", CultureInfo.InvariantCulture),
        }, OperatorKey);
        await Send(operatorClient, HttpMethod.Post, "/api/v1/agreements", new { statement = JsonNode.Parse(request.ToString()) });
        _customAgreed = true;
    }

    /// <summary>The supplier's GET of <paramref name="path"/> on the connector, asserted successful; its JSON body.</summary>
    public async Task<JsonElement> GetAsync(string path)
    {
        using var supplier = Client(SupplierKey);
        return await Send(supplier, HttpMethod.Get, path, null);
    }

    public async Task<string> StateAsync(string job)
    {
        using var supplier = Client(SupplierKey);
        return (await Send(supplier, HttpMethod.Get, "/api/v1/jobs/" + job, null)).GetProperty("state").GetString()!;
    }

    /// <summary>A started console for <paramref name="key"/>; its login link is <see cref="ConsoleApp.LoginLink"/>.</summary>
    /// <param name="key">The party's key.</param>
    /// <param name="connectorKey">The connector's key to pin (<c>--connector-key</c>); null pins none.</param>
    public async Task<ConsoleApp> ConsoleAsync(SigningKey key, PublicKey? connectorKey = null)
    {
        var console = ConsoleHost.Build(new ConsoleSettings(Connector.BaseAddress, new IPEndPoint(IPAddress.Loopback, 0)) { ConnectorKey = connectorKey }, key);
        await console.StartAsync();
        _consoles.Add(console);
        return console;
    }

    /// <summary>Every line of <paramref name="key"/>'s private key PEM that is long enough to be distinctive.</summary>
    public static string[] KeyLines(SigningKey key)
    {
        var file = Path.Combine(Path.GetTempPath(), "dsc-console-key-" + Guid.NewGuid().ToString("N"));
        try
        {
            KeyFiles.SaveSigningKey(key, file);
            return [.. File.ReadAllLines(file).Where(l => l.Length >= 16 && !l.StartsWith("-----", StringComparison.Ordinal))];
        }
        finally
        {
            File.Delete(file);
        }
    }

    private HttpClient Client(SigningKey key) => new(new SigningHandler(key)) { BaseAddress = Connector.BaseAddress };

    private static async Task<JsonElement> Send(HttpClient client, HttpMethod method, string path, object? body)
    {
        using var message = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var console in _consoles)
        {
            await console.StopAsync();
            await console.DisposeAsync();
        }

        await Connector.DisposeAsync();
        SupplierKey.Dispose();
        OperatorKey.Dispose();
        DataUserKey.Dispose();
        AuditorKey.Dispose();
    }
}

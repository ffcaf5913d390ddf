using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Connector.Hosting;

namespace DataSpace.Cli.Tests.Support;

/// <summary>
/// A real connector on loopback with key files for the four roles, and the supplier's and operator's preparation
/// done through <c>dsc</c> verbs only: three parties, the sample tax dataset, an offer and an agreement.
/// </summary>
public sealed class FlowFixture : IAsyncLifetime
{
    public const string Dataset = "enterprise-tax-2025";
    public const string Offer = "tax-statistics";
    public const string Agreement = "credit-2025-01";

    private ConnectorApp _app = null!;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("dsc-flow-tests-").FullName;

    public string Url => _app.Addresses[0].ToString();

    public ConnectorIdentity Identity => _app.Identity;

    public string SupplierKey => _app.DataDirectory.KeyFile;

    public string OperatorKey => Path.Combine(Directory, "operator.key");

    public string DataUserKey => Path.Combine(Directory, "data-user.key");

    public string AuditorKey => Path.Combine(Directory, "auditor.key");

    public string ConnectorPublicKey => Path.Combine(Directory, "connector.pub");

    public string Module => Path.Combine(AppContext.BaseDirectory, "Samples", "jobs", "grouped-stats.wasm");

    /// <summary>The module's C source, submitted with it (a supplier approves a module only with its source).</summary>
    public string Source => Path.Combine(AppContext.BaseDirectory, "Samples", "jobs", "grouped-stats.c");

    /// <summary>
    /// The connector's default data root (<c>&lt;data dir&gt;/datasets</c>, docs/connector-service.md, "Data roots"):
    /// a dataset file is registered from here, as a supplier would put it.
    /// </summary>
    public string DatasetsDirectory => _app.DataDirectory.DatasetsDirectory;

    /// <summary>The sample tax dataset, copied into <see cref="DatasetsDirectory"/>.</summary>
    public string DatasetFile => Path.Combine(DatasetsDirectory, Dataset + ".csv");

    /// <summary>What each preparation verb printed, by step name.</summary>
    public Dictionary<string, CliResult> Setup { get; } = [];

    public async Task InitializeAsync()
    {
        _app = await StartConnectorAsync("http://127.0.0.1:0");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Samples", "data", Dataset + ".csv"), DatasetFile);
        await File.WriteAllTextAsync(ConnectorPublicKey, _app.Identity.PublicKeyPem);
        foreach (var (file, suite) in new[] { (OperatorKey, "sm2"), (DataUserKey, "p256"), (AuditorKey, "ed25519") })
        {
            Require("keys " + Path.GetFileName(file), await Dsc.RunAsync("keys", "new", "--suite", suite, "--out", file));
        }

        var policy = await WriteAsync("policy.json", OfferPolicy);
        Require("party operator", await Supplier("party", "add", "--id", "urn:party:credit-bureau", "--name", "Credit bureau", "--role", "Operator", "--public-key", OperatorKey + ".pub", "--json"));
        Require("party data user", await Supplier("party", "add", "--id", "urn:party:city-bank", "--name", "City bank", "--role", "DataUser", "--public-key", DataUserKey + ".pub"));
        Require("party auditor", await Supplier("party", "add", "--id", "urn:party:audit-office", "--name", "Audit office", "--role", "Auditor", "--public-key", AuditorKey + ".pub"));
        Require("dataset", await Supplier("dataset", "add", "--id", Dataset, "--name", "Enterprise tax records 2025", "--file", DatasetFile, "--classification", "2", "--json"));
        Require("offer", await Supplier("offer", "add", "--id", Offer, "--dataset", Dataset, "--policy", policy, "--json"));
        Require("agreement", await Operator("agreement", "request", "--id", Agreement, "--offer", Offer, "--purpose", "small-business-credit-statistics", "--days", "30", "--json"));
    }

    /// <summary>Stops the connector, waits <paramref name="down"/>, and starts it again on the same address and data directory.</summary>
    public async Task RestartAsync(TimeSpan down)
    {
        var url = Url;
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Task.Delay(down);
        _app = await StartConnectorAsync(url);
    }

    private async Task<ConnectorApp> StartConnectorAsync(string url)
    {
        var app = ConnectorHost.Build(
        [
            $"--Connector:DataDirectory={Path.Combine(Directory, "connector")}",
            $"--Connector:Urls={url}",
            "--Connector:Logging:Console=None",
            "--Connector:Jobs:PublishGrid=00:00:00",
        ]);
        await app.StartAsync();
        return app;
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    public Task<CliResult> Supplier(params string[] args) => As(SupplierKey, args);

    public Task<CliResult> Operator(params string[] args) => As(OperatorKey, args);

    public Task<CliResult> DataUser(params string[] args) => As(DataUserKey, args);

    public Task<CliResult> Auditor(params string[] args) => As(AuditorKey, args);

    /// <summary>Runs <c>dsc ARGS --url URL --key KEY</c>.</summary>
    public Task<CliResult> As(string key, params string[] args) => Dsc.RunAsync([.. args, "--url", Url, "--key", key]);

    /// <summary>Writes a manifest for <paramref name="columns"/> (recipient left to --recipient) and returns its path.</summary>
    public Task<string> ManifestAsync(string name, params string[] columns) => WriteAsync(name, new JsonObject
    {
        ["agreement"] = Agreement,
        ["dataset"] = Dataset,
        ["columns"] = new JsonArray([.. columns.Select(c => (JsonNode)c)]),
        ["output"] = "aggregate",
        ["recipient"] = "replaced by --recipient",
        ["measures"] = new JsonArray(
            new JsonObject { ["name"] = "income", ["lower"] = 0, ["upper"] = 1e6 },
            new JsonObject { ["name"] = "tax", ["lower"] = 0, ["upper"] = 5e5 }),
        ["groupKeyColumn"] = "region",
    }.ToJsonString());

    /// <summary>
    /// Submits a job reading region, income and tax (or <paramref name="columns"/>), sealed to the data user, with its
    /// manifest saved as <paramref name="name"/>.json; returns the verb's result and the id the connector made.
    /// </summary>
    public async Task<(CliResult Result, string Id)> SubmitAsync(string name, params string[] columns)
    {
        var manifest = await ManifestAsync(name + ".json", columns.Length > 0 ? columns : ["region", "income", "tax"]);
        var result = await Operator("job", "submit", "--module", Module, "--source", Source, "--manifest", manifest, "--recipient", DataUserKey + ".pub");
        return (result, JobIdOf(result));
    }

    /// <summary>The job id a <c>dsc job</c> line starts with (<c>job ID: STATE ...</c>); empty when there is none.</summary>
    public static string JobIdOf(CliResult result) =>
        System.Text.RegularExpressions.Regex.Match(result.Output, "job (job-[0-9a-f]{24}):") is { Success: true } match ? match.Groups[1].Value : "";

    public async Task<string> WriteAsync(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private void Require(string step, CliResult result)
    {
        Setup[step] = result;
        if (result.ExitCode != ExitCodes.Ok)
        {
            throw new InvalidOperationException($"{step} exited {result.ExitCode}: {result.Output}{result.Error}");
        }
    }

    private const string OfferPolicy = """
        {
          "@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}],
          "@type": "Offer", "uid": "urn:policy:enterprise-tax-2025:statistics", "profile": "https://dataspace.example/odrl/profile#",
          "assigner": "urn:party:tax-bureau", "target": "enterprise-tax-2025",
          "permission": [{
            "action": "dsc:computeAggregate",
            "constraint": [
              {"leftOperand": "purpose", "operator": "eq", "rightOperand": "small-business-credit-statistics"},
              {"leftOperand": "dsc:groupSize", "operator": "gteq", "rightOperand": 10},
              {"leftOperand": "dsc:column", "operator": "isPartOf", "rightOperand": ["region", "industry", "income", "tax"]}
            ]
          }],
          "prohibition": [{"action": "dsc:rawExport"}]
        }
        """;

    /// <summary>Parses a verb's --json output, failing with what it printed when it is not JSON.</summary>
    public static JsonElement Json(CliResult result)
    {
        try
        {
            using var document = JsonDocument.Parse(result.Output);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"not JSON ({e.Message}): {result.Output}{result.Error}", e);
        }
    }
}

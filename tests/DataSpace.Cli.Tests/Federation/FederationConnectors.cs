using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Cli.Tests.Support;
using DataSpace.Connector.Hosting;

namespace DataSpace.Cli.Tests.Federation;

/// <summary>
/// Three real connectors on loopback, each a tax bureau with its own synthetic dataset <c>tax</c> under its own data
/// root, the same offer under a Laplace-noise policy (<c>dsc:epsilon</c>), the two others on its trust list in the
/// federation role, and the same operator (agreement <c>fed</c> on each), data user and auditor; plus an
/// <see cref="Outsider"/> connector that trusts the operator and the auditor but no peer, and no peer trusts it
/// (docs/federation.md, "Parties"). All preparation goes through <c>dsc</c> verbs.
/// </summary>
public sealed class FederationConnectors : IAsyncLifetime
{
    public const string Dataset = "tax";
    public const string Offer = "fed-offer";
    public const string Agreement = "fed";
    public const int Federated = 3;

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("dsc-federation-tests-").FullName;

    /// <summary>The federated connectors; connector 0 aggregates in <see cref="Request"/>.</summary>
    public List<Bureau> Bureaus { get; } = [];

    /// <summary>A connector that is on no one's trust list as a federation peer, and lists no peer.</summary>
    public Bureau Outsider { get; private set; } = null!;

    public string OperatorKey => Path.Combine(Directory, "operator.key");

    public string DataUserKey => Path.Combine(Directory, "data-user.key");

    public string AuditorKey => Path.Combine(Directory, "auditor.key");

    public async Task InitializeAsync()
    {
        foreach (var (file, suite) in new[] { (OperatorKey, "sm2"), (DataUserKey, "p256"), (AuditorKey, "ed25519") })
        {
            Require("keys new", await Dsc.RunAsync("keys", "new", "--suite", suite, "--out", file));
        }

        for (var c = 0; c < Federated; c++)
        {
            Bureaus.Add(await StartAsync($"city-{c}", seed: 1000 + c, rows: 300 + (c * 50)));
        }

        Outsider = await StartAsync("city-x", seed: 999, rows: 200);
        foreach (var bureau in Bureaus.Append(Outsider))
        {
            Require("party operator", await bureau.Supplier("party", "add", "--id", "urn:party:operator", "--name", "Operator", "--role", "Operator", "--public-key", OperatorKey + ".pub"));
            Require("party data user", await bureau.Supplier("party", "add", "--id", "urn:party:bank", "--name", "Bank", "--role", "DataUser", "--public-key", DataUserKey + ".pub"));
            Require("party auditor", await bureau.Supplier("party", "add", "--id", "urn:party:auditor", "--name", "Auditor", "--role", "Auditor", "--public-key", AuditorKey + ".pub"));
            foreach (var peer in Bureaus.Where(p => p != bureau && bureau != Outsider))
            {
                Require("party peer", await bureau.Supplier("party", "add", "--id", "urn:party:" + peer.Name, "--name", peer.Name, "--role", "Federation", "--public-key", peer.PublicKeyFile));
            }

            var policy = Path.Combine(Directory, "offer-policy.json");
            await File.WriteAllTextAsync(policy, OfferPolicy);
            Require("dataset", await bureau.Supplier("dataset", "add", "--id", Dataset, "--name", "Enterprise tax", "--file", bureau.CsvFile, "--classification", "2",
                "--column", "enterprise_id=identifying"));
            Require("offer", await bureau.Supplier("offer", "add", "--id", Offer, "--dataset", Dataset, "--policy", policy));
            Require("agreement", await bureau.As(OperatorKey, "agreement", "request", "--id", Agreement, "--offer", Offer, "--purpose", "statistics", "--days", "30"));
        }
    }

    /// <summary>
    /// The request body <c>dsc federation submit</c> signs (docs/federation.md, "The request"), over
    /// <paramref name="participants"/> (default: every federated connector), the first aggregating; no <c>expires</c>,
    /// so the verb's default applies.
    /// </summary>
    public JsonObject Request(string federation, params Bureau[] participants)
    {
        participants = participants.Length > 0 ? participants : [.. Bureaus];
        return new JsonObject
        {
            ["federation"] = federation,
            ["aggregator"] = participants[0].KeyId,
            ["keyAgreement"] = "x25519",
            ["epsilon"] = 2.0,
            ["recipient"] = File.ReadAllText(DataUserKey + ".pub"),
            ["plan"] = JsonNode.Parse(Plan),
            ["participants"] = new JsonArray([.. participants.Select(p => (JsonNode)new JsonObject
            {
                ["connector"] = p.KeyId,
                ["url"] = p.Url,
                ["agreement"] = Agreement,
                ["dataset"] = Dataset,
            })]),
        };
    }

    /// <summary>Writes <paramref name="text"/> to a new file of the fixture's directory and returns its path.</summary>
    public async Task<string> WriteAsync(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    /// <summary>
    /// Whether <paramref name="bureau"/> holds federation <paramref name="federation"/>, asked by its supplier (who sees
    /// every federation): <c>dsc federation status</c> exits 0 when it does, 3 with the connector's 404 when it does not.
    /// </summary>
    public static async Task<bool> HoldsAsync(Bureau bureau, string federation)
    {
        var status = await bureau.Supplier("federation", "status", federation);
        return status.ExitCode switch
        {
            ExitCodes.Ok => true,
            ExitCodes.InputError when status.Error.Contains("answered 404", StringComparison.Ordinal) => false,
            _ => throw new InvalidOperationException($"federation status exited {status.ExitCode}: {status.Output}{status.Error}"),
        };
    }

    public async Task DisposeAsync()
    {
        foreach (var bureau in Bureaus.Append(Outsider).Where(b => b is not null))
        {
            await bureau.App.StopAsync();
            await bureau.App.DisposeAsync();
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private async Task<Bureau> StartAsync(string name, int seed, int rows)
    {
        var folder = Path.Combine(Directory, name);
        var dataRoot = System.IO.Directory.CreateDirectory(Path.Combine(folder, "csv")).FullName;
        var csv = Path.Combine(dataRoot, "tax.csv");
        await File.WriteAllTextAsync(csv, Csv(seed, rows));
        var app = ConnectorHost.Build(
        [
            $"--Connector:DataDirectory={Path.Combine(folder, "data")}",
            "--Connector:Urls=http://127.0.0.1:0",
            "--Connector:Logging:Console=None",
            "--Connector:Jobs:PublishGrid=00:00:00",
            $"--Connector:DataRoots:0={dataRoot}",
        ]);
        await app.StartAsync();
        var publicKey = Path.Combine(folder, "connector.pub");
        await File.WriteAllTextAsync(publicKey, app.Identity.PublicKeyPem);
        return new Bureau(name, app, csv, publicKey);
    }

    /// <summary>Seeded synthetic rows: enterprise id, one of four industries, income, tax at 3 %.</summary>
    private static string Csv(int seed, int rows)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("enterprise_id,industry,income,tax\n");
        for (var i = 0; i < rows; i++)
        {
            var income = Math.Round(random.NextDouble() * 90_000, 2);
            csv.Append(CultureInfo.InvariantCulture, $"E{seed}{i:D6},{Industries[random.Next(Industries.Length)]},{income:0.00},{income * 0.03:0.00}\n");
        }

        return csv.ToString();
    }

    private static void Require(string step, CliResult result)
    {
        if (result.ExitCode != ExitCodes.Ok)
        {
            throw new InvalidOperationException($"{step} exited {result.ExitCode}: {result.Output}{result.Error}");
        }
    }

    private static readonly string[] Industries = ["catering", "manufacturing", "retail", "software"];

    private static readonly string Plan = $$"""
        {"format": "dataspace/analysis-plan/v1", "dataset": "tax",
         "groupBy": [{"column": "industry", "values": {{JsonSerializer.Serialize(Industries)}}}],
         "measures": [{"column": "income", "bounds": [0, 100000]}, {"column": "tax", "bounds": [0, 5000]}]}
        """;

    private const string OfferPolicy = """
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Offer",
         "uid": "urn:offer:fed", "target": "tax",
         "permission": [{"action": "dsc:computeAggregate", "constraint": [
           {"leftOperand": "dsc:outputKind", "operator": "isAnyOf", "rightOperand": [{"@id": "dsc:aggregate"}]},
           {"leftOperand": "dsc:epsilon", "operator": "lteq", "rightOperand": 4.0},
           {"leftOperand": "dsc:groupSize", "operator": "gteq", "rightOperand": 10},
           {"leftOperand": "dsc:column", "operator": "isPartOf", "rightOperand": ["industry", "income", "tax"]}]}]}
        """;

    /// <summary>One connector: its supplier's key is the connector key in its data directory.</summary>
    public sealed record Bureau(string Name, ConnectorApp App, string CsvFile, string PublicKeyFile)
    {
        public string Url => App.Addresses[0].ToString();

        public string KeyId => App.Identity.KeyId;

        public string SupplierKey => App.DataDirectory.KeyFile;

        /// <summary>Runs <c>dsc ARGS --url URL --key KEY</c> against this connector.</summary>
        public Task<CliResult> As(string key, params string[] args) => Dsc.RunAsync([.. args, "--url", Url, "--key", key]);

        public Task<CliResult> Supplier(params string[] args) => As(SupplierKey, args);
    }
}

using System.Text;
using System.Text.Json.Nodes;
using DataSpace.Connector.Jobs;
using DataSpace.Crypto.Signatures;
using DataSpace.Policy.Evaluation;
using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Hosting;
using DataSpace.Sandbox.Models;

namespace DataSpace.Connector.Tests.Jobs;

public sealed class JobManifestTests
{
    private static readonly string Recipient = SignatureSuites.Ed25519.GenerateKey().PublicKey.ExportPem();

    private static JsonObject Valid() => new()
    {
        ["agreement"] = "agr-1",
        ["dataset"] = "tax-2025",
        ["columns"] = new JsonArray("region", "income", "tax"),
        ["output"] = "aggregate",
        ["recipient"] = Recipient,
        ["measures"] = new JsonArray(new JsonObject { ["name"] = "income", ["lower"] = 0, ["upper"] = 1e6 }),
        ["groupKeyColumn"] = "region",
        ["epsilon"] = 0.5,
        ["limits"] = new JsonObject { ["wallSeconds"] = 5, ["fuel"] = 1000000 },
    };

    private static JobManifest Parse(JsonNode node) => JobManifest.Parse(Encoding.UTF8.GetBytes(node.ToJsonString()));

    [Fact]
    public void A_valid_manifest_parses_into_the_sandbox_settings()
    {
        var manifest = Parse(Valid());

        Assert.Equal(("agr-1", "tax-2025", OutputKind.Aggregate), (manifest.AgreementId, manifest.DatasetId, manifest.Output));
        Assert.Equal(["region", "income", "tax"], manifest.Columns);
        Assert.Equal(new MeasureDeclaration("income", 0, 1e6), Assert.Single(manifest.Measures));
        Assert.Equal(TimeSpan.FromSeconds(5), manifest.Limits!.WallTime);
        Assert.Equal(1_000_000, manifest.Limits.Fuel);
        Assert.Equal("ed25519", manifest.Recipient.Suite.Name);

        var permit = new Decision
        {
            Effect = DecisionEffect.Permit,
            Obligations = [new Obligation { Kind = ObligationKind.MinimumGroupSize, Value = 20, Source = "p" }, new Obligation { Kind = ObligationKind.SpendEpsilon, Value = 3, Source = "q" }],
        };
        var vetting = manifest.Vetting(permit, new JobVetting());
        Assert.Equal((20, NoiseMechanism.Laplace, 0.5, "region"), (vetting.MinGroupSize, vetting.Mechanism, vetting.Epsilon!.Value, vetting.GroupKeyColumn));
        Assert.Single(vetting.Measures);
    }

    [Theory]
    [InlineData("agreement", null, "$.agreement: is required")]
    [InlineData("agreement", "\"a b\"", "$.agreement: must be an agreement id")]
    [InlineData("agreement", "\"..\"", "$.agreement: must be an agreement id")]
    [InlineData("dataset", "\"a%2Fb\"", "$.dataset: must be a dataset id")]
    [InlineData("columns", "[]", "$.columns: must not be empty")]
    [InlineData("columns", "[\"a\",\"a\"]", "$.columns[1]: repeats 'a'")]
    [InlineData("columns", "\"a\"", "$.columns: must be an array of strings")]
    [InlineData("output", "\"raw\"", "$.output: must be \"aggregate\", \"model\" or \"custom\"")]
    [InlineData("recipient", "\"not a key\"", "$.recipient: not a public key")]
    [InlineData("measures", "[{\"name\":\"x\",\"lower\":1,\"upper\":1}]", "$.measures[0].upper: must be greater than lower")]
    [InlineData("measures", "[{\"name\":\"x\",\"lower\":0,\"upper\":1,\"scale\":2}]", "$.measures[0].scale: is not a manifest field")]
    [InlineData("groupKeyColumn", "\"secret\"", "$.groupKeyColumn: 'secret' is not among the columns")]
    [InlineData("epsilon", "0", "$.epsilon: epsilon must be a number from 0.001 to 10 per run, not 0")]
    [InlineData("epsilon", "1e-300", "$.epsilon: epsilon must be a number from 0.001 to 10 per run, not 1E-300")]
    [InlineData("epsilon", "-1", "$.epsilon: epsilon must be a number from 0.001 to 10 per run, not -1")]
    [InlineData("epsilon", "1e308", "$.epsilon: epsilon must be a number from 0.001 to 10 per run, not 1E+308")]
    [InlineData("epsilon", "\"NaN\"", "$.epsilon: must be a finite number")]
    [InlineData("epsilon", "\"1\"", "$.epsilon: must be a finite number")]
    [InlineData("delta", "1.5", "$.delta: delta must be a number above 0 and at most 0.001 per run, not 1.5")]
    [InlineData("delta", "0.5", "$.delta: delta must be a number above 0 and at most 0.001 per run, not 0.5")]
    [InlineData("delta", "0", "$.delta: delta must be a number above 0 and at most 0.001 per run, not 0")]
    [InlineData("limits", "{\"fuel\":-1}", "$.limits.fuel: must be a positive integer")]
    [InlineData("extra", "1", "$.extra: is not a manifest field")]
    public void Bad_manifests_name_the_path(string field, string? json, string message)
    {
        var node = Valid();
        if (json is null)
        {
            node.Remove(field);
        }
        else
        {
            node[field] = JsonNode.Parse(json);
        }

        var e = Assert.Throws<ManifestException>(() => Parse(node));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Measures_belong_to_aggregate_jobs_only()
    {
        var node = Valid();
        node["output"] = "custom";
        Assert.StartsWith("$: measures and group keys belong to aggregate jobs only", Assert.Throws<ManifestException>(() => Parse(node)).Message, StringComparison.Ordinal);
    }

    private static JsonObject ValidModel()
    {
        var node = Valid();
        node["output"] = "model";
        node.Remove("measures");
        node.Remove("groupKeyColumn");
        node["model"] = new JsonObject { ["trainer"] = "linear-regression", ["label"] = "tax", ["features"] = new JsonArray("income", "region") };
        return node;
    }

    [Fact]
    public void A_model_manifest_declares_the_model_and_its_vetting_carries_it()
    {
        var manifest = Parse(ValidModel());

        Assert.Equal((ModelTrainerKind.LinearRegression, "tax"), (manifest.Model!.Trainer, manifest.Model.Label));
        Assert.Equal(["income", "region"], manifest.Model.Features);
        var vetting = manifest.Vetting(new Decision { Effect = DecisionEffect.Permit }, new JobVetting());
        Assert.Same(manifest.Model, vetting.Model);
    }

    [Theory]
    [InlineData(null, "$.model: is required for output \"model\"")]
    [InlineData("[]", "$.model: must be an object")]
    [InlineData("{\"trainer\":\"ols\",\"label\":\"tax\",\"features\":[\"income\"]}", "$.model.trainer: must be \"linear-regression\"")]
    [InlineData("{\"trainer\":\"linear-regression\",\"features\":[\"income\"]}", "$.model.label: is missing")]
    [InlineData("{\"trainer\":\"linear-regression\",\"label\":\"tax\",\"features\":[\"income\",\"income\"]}", "$.model.features[1]: repeats the feature 'income'")]
    [InlineData("{\"trainer\":\"linear-regression\",\"label\":\"tax\",\"features\":[\"income\"],\"seed\":1}", "$.model.seed: is not a known property")]
    [InlineData("{\"trainer\":\"linear-regression\",\"label\":\"secret\",\"features\":[\"income\"]}", "$.model.label: 'secret' is not among the columns the job reads")]
    [InlineData("{\"trainer\":\"k-means\",\"features\":[\"income\",\"secret\"],\"clusters\":3}", "$.model.features[1]: 'secret' is not among the columns the job reads")]
    [InlineData("{\"trainer\":\"k-means\",\"features\":[\"income\"]}", "$.model.clusters: is missing")]
    public void Bad_models_name_the_path(string? json, string message)
    {
        var node = ValidModel();
        if (json is null)
        {
            node.Remove("model");
        }
        else
        {
            node["model"] = JsonNode.Parse(json);
        }

        var e = Assert.Throws<ManifestException>(() => Parse(node));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_belongs_to_model_jobs_only()
    {
        var node = Valid();
        node["model"] = ValidModel()["model"]!.DeepClone();

        Assert.StartsWith("$.model: belongs to model jobs only", Assert.Throws<ManifestException>(() => Parse(node)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_train_model_sample_declares_the_model_its_module_asks_for()
    {
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "jobs", "train-model", "manifest.json")))!;
        node["recipient"] = Recipient;
        var manifest = Parse(node);
        var csv = Path.Combine(Directory.CreateTempSubdirectory("dsc-train-model-").FullName, "tax.csv");
        var rows = new StringBuilder("income,employees,tax\n");
        for (var i = 0; i < 300; i++)
        {
            rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"{20_000 + (i * 517 % 90_000)},{1 + (i % 40)},{(0.1 * (20_000 + (i * 517 % 90_000))) + (200 * (1 + (i % 40)))}\n");
        }

        await File.WriteAllTextAsync(csv, rows.ToString());
        using var sandbox = new SandboxHost(new SandboxOptions());
        using var data = DataSpace.Sandbox.Data.DataSources.Open(csv);

        var outcome = await sandbox.RunAsync(new JobRequest
        {
            JobId = "train-model",
            Module = sandbox.LoadModule(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", "jobs", "train-model", "train-model.wasm"))),
            Data = data,
            Columns = manifest.Columns,
            OutputKind = manifest.Output,
            Vetting = manifest.Vetting(new Decision { Effect = DecisionEffect.Permit }, new JobVetting()),
        });

        Assert.True(outcome.Status == JobStatus.Released, $"{outcome.Reason} {outcome.Detail}");
        Assert.Equal("tax", outcome.Model!.Label);
        Assert.Equal(["income", "employees"], outcome.Model.Features);
        Directory.Delete(Path.GetDirectoryName(csv)!, recursive: true);
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("{")]
    public void Not_an_object_is_refused(string json)
    {
        var e = Assert.Throws<ManifestException>(() => JobManifest.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Equal("$", e.Path);
    }
}

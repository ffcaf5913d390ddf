using System.Text;
using System.Text.Json.Nodes;
using DataSpace.Connector.Jobs;
using DataSpace.Crypto.Signatures;
using DataSpace.Policy.Evaluation;
using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Hosting;

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
    [InlineData("agreement", "\"a b\"", "$.agreement: must be an id")]
    [InlineData("columns", "[]", "$.columns: must not be empty")]
    [InlineData("columns", "[\"a\",\"a\"]", "$.columns[1]: repeats 'a'")]
    [InlineData("columns", "\"a\"", "$.columns: must be an array of strings")]
    [InlineData("output", "\"raw\"", "$.output: must be \"aggregate\", \"model\" or \"custom\"")]
    [InlineData("recipient", "\"not a key\"", "$.recipient: not a public key")]
    [InlineData("measures", "[{\"name\":\"x\",\"lower\":1,\"upper\":1}]", "$.measures[0].upper: must be greater than lower")]
    [InlineData("measures", "[{\"name\":\"x\",\"lower\":0,\"upper\":1,\"scale\":2}]", "$.measures[0].scale: is not a manifest field")]
    [InlineData("groupKeyColumn", "\"secret\"", "$.groupKeyColumn: 'secret' is not among the columns")]
    [InlineData("epsilon", "0", "$.epsilon: must be greater than 0")]
    [InlineData("delta", "1.5", "$.delta: must be between 0 and 1")]
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

    [Theory]
    [InlineData("[1]")]
    [InlineData("{")]
    public void Not_an_object_is_refused(string json)
    {
        var e = Assert.Throws<ManifestException>(() => JobManifest.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Equal("$", e.Path);
    }
}

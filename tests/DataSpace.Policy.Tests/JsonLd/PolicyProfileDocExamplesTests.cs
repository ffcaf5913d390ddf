using System.Text.Json.Nodes;
using DataSpace.Policy.Model;
using DataSpace.Policy.Tests.Support;

namespace DataSpace.Policy.Tests.JsonLd;

/// <summary>
/// Every JSON example in the profile part of docs/policy-profile.md parses, and every profile term and every ODRL
/// left operand the evaluator supports has one. Constraint and rule fragments are wrapped in a minimal policy.
/// </summary>
public sealed class PolicyProfileDocExamplesTests
{
    private static readonly string[] TestedSections = ["The profile", "Example"];

    private static readonly LeftOperand[] DocumentedOperands =
    [
        LeftOperand.Column, LeftOperand.GroupSize, LeftOperand.Epsilon, LeftOperand.Delta, LeftOperand.ModuleDigest,
        LeftOperand.OutputKind, LeftOperand.ClassificationLevel, LeftOperand.LinkedDataset,
        LeftOperand.Purpose, LeftOperand.DateTime, LeftOperand.ElapsedTime, LeftOperand.Count, LeftOperand.Recipient,
        LeftOperand.Spatial,
    ];

    private static readonly ActionKind[] DocumentedActions =
        [ActionKind.ComputeAggregate, ActionKind.TrainModel, ActionKind.CustomAnalysis, ActionKind.RawExport];

    public static TheoryData<string> Captions() =>
        new(Examples().Select(e => e.Caption));

    [Theory]
    [MemberData(nameof(Captions))]
    public void Parse_DocExample_ParsesWithKnownTerms(string caption)
    {
        var policy = TestDocuments.Parse(AsPolicy(Examples().Single(e => e.Caption == caption).Json));

        var rules = policy.Permissions.Concat(policy.Prohibitions).ToArray();
        Assert.NotEmpty(rules);
        Assert.All(rules, r => Assert.NotEqual(ActionKind.Unknown, r.Action.Kind));
        Assert.All(rules.SelectMany(r => r.Constraints).OfType<Constraint>(), c => Assert.NotEqual(LeftOperand.Unknown, c.LeftOperand));
    }

    [Fact]
    public void DocExamples_ProfileOperandsAndSupportedOdrlOperands_EachHaveOne()
    {
        var shown = Parsed().SelectMany(Rules).SelectMany(r => r.Constraints).OfType<Constraint>().Select(c => c.LeftOperand).ToHashSet();

        Assert.Empty(DocumentedOperands.Except(shown));
    }

    [Fact]
    public void DocExamples_ProfileActions_EachHaveOne()
    {
        var shown = Parsed().SelectMany(Rules).Select(r => r.Action.Kind).ToHashSet();

        Assert.Empty(DocumentedActions.Except(shown));
    }

    [Fact]
    public void DocExamples_Captions_AreDistinct()
    {
        var captions = Examples().Select(e => e.Caption).ToArray();

        Assert.Equal(captions.Length, captions.Distinct(StringComparer.Ordinal).Count());
    }

    private static IEnumerable<(string Caption, string Json)> Examples() =>
        TestDocuments.ProfileDocBlocks()
            .Where(b => TestedSections.Contains(b.Section))
            .Select(b => (b.Caption, b.Json));

    private static IEnumerable<OdrlPolicy> Parsed() => Examples().Select(e => TestDocuments.Parse(AsPolicy(e.Json)));

    private static IEnumerable<Rule> Rules(OdrlPolicy policy) => policy.Permissions.Concat(policy.Prohibitions);

    /// <summary>A whole policy as it is; a constraint inside a permission to use; a rule as a permission, or a prohibition for raw export.</summary>
    private static string AsPolicy(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        if (node.ContainsKey("@type") || node.ContainsKey("@context"))
        {
            return json;
        }

        var rule = node.ContainsKey("leftOperand")
            ? new JsonObject { ["action"] = "use", ["target"] = "urn:dataset:example", ["constraint"] = new JsonArray(node) }
            : node;
        var ruleKind = (string?)rule["action"] == "dsc:rawExport" ? "prohibition" : "permission";
        var policy = new JsonObject
        {
            ["@context"] = new JsonArray("http://www.w3.org/ns/odrl.jsonld", new JsonObject { ["dsc"] = PolicyNamespaces.Profile }),
            ["@type"] = "Set",
            ["uid"] = "urn:policy:doc-example",
            [ruleKind] = new JsonArray(rule),
        };
        return policy.ToJsonString();
    }
}

using DataSpace.Policy.Evaluation;
using DataSpace.Policy.Model;
using DataSpace.Policy.Tests.Support;

namespace DataSpace.Policy.Tests.Negotiation;

public sealed class ModulePreApprovalTests
{
    private const string Digest = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static readonly EvaluationRequest Job = new()
    {
        Action = ActionKind.ComputeAggregate,
        Target = "tax-2024",
        Assignee = "urn:party:operator",
        Purpose = "research",
        Now = Agreements.Start,
        ModuleDigest = Digest,
        Columns = ["region"],
        OutputKind = "dsc:aggregate",
    };

    private static bool Approves(string rules) => ModulePreApproval.Approves(PolicyEvaluator.Evaluate(TestDocuments.Parse($$"""
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}],
         "@type": "Agreement", "uid": "urn:agreement:1", "target": "tax-2024", "assignee": "urn:party:operator", {{rules}}}
        """), Job));

    [Theory]
    [InlineData("eq", "\"" + Digest + "\"")]
    [InlineData("isAnyOf", "[\"sha256:" + "0000000000000000000000000000000000000000000000000000000000000000\", \"" + Digest + "\"]")]
    public void Approves_PermissionNamingTheDigest_IsPreApproval(string op, string value) =>
        Assert.True(Approves($$"""
            "permission": [{"action": "use", "constraint": [{"leftOperand": "dsc:moduleDigest", "operator": "{{op}}", "rightOperand": {{value}} }]}]
            """));

    [Fact]
    public void Approves_DigestNamedOnlyInAProhibition_IsNot()
    {
        // A module the supplier forbids must never count as approved because its digest appears in the policy.
        Assert.False(Approves($$"""
            "permission": [{"action": "use"}],
            "prohibition": [{"action": "dsc:customAnalysis", "constraint": [{"leftOperand": "dsc:moduleDigest", "operator": "eq", "rightOperand": "{{Digest}}"}]}]
            """));
    }

    [Theory]
    [InlineData("neq")]
    [InlineData("isNoneOf")]
    public void Approves_DigestNamedToExcludeIt_IsNot(string op) =>
        Assert.False(Approves($$"""
            "permission": [{"action": "use", "constraint": [{"leftOperand": "dsc:moduleDigest", "operator": "{{op}}", "rightOperand": ["sha256:{{new string('0', 64)}}"]}]}]
            """));

    [Fact]
    public void Approves_DigestPermittedButAnotherRuleForbidsTheJob_IsNot()
    {
        Assert.False(Approves($$"""
            "permission": [{"action": "use", "constraint": [{"leftOperand": "dsc:moduleDigest", "operator": "eq", "rightOperand": "{{Digest}}"}]}],
            "prohibition": [{"action": "dsc:computeAggregate", "constraint": [{"leftOperand": "dsc:column", "operator": "hasPart", "rightOperand": ["region"]}]}]
            """));
    }

    [Fact]
    public void Approves_PermissionWithoutADigestConstraint_IsNot() =>
        Assert.False(Approves("""
            "permission": [{"action": "use"}]
            """));
}

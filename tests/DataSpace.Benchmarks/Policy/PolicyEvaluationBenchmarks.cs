using System.Text;
using BenchmarkDotNet.Attributes;
using DataSpace.Policy.Evaluation;
using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Model;

namespace DataSpace.Benchmarks.Policy;

/// <summary>
/// Policy decisions (issue 3 target: ≤ 1 µs median and no allocation for a 10-constraint permit) and
/// parsing a 100-rule policy.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class PolicyEvaluationBenchmarks
{
    private const string Context = """["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}]""";

    private const string TenConstraints = """
        {"leftOperand": "purpose", "operator": "isAnyOf", "rightOperand": ["research", "statistics"]},
        {"leftOperand": "dateTime", "operator": "lt", "rightOperand": {"@value": "2099-01-01T00:00:00Z", "@type": "xsd:dateTime"}},
        {"leftOperand": "elapsedTime", "operator": "lteq", "rightOperand": {"@value": "P1Y", "@type": "xsd:duration"}},
        {"leftOperand": "count", "operator": "lteq", "rightOperand": 100},
        {"leftOperand": "dsc:column", "operator": "isPartOf", "rightOperand": ["region", "income", "age_band"]},
        {"leftOperand": "dsc:groupSize", "operator": "gteq", "rightOperand": 10},
        {"leftOperand": "dsc:epsilon", "operator": "lteq", "rightOperand": 1.0},
        {"leftOperand": "dsc:outputKind", "operator": "isAnyOf", "rightOperand": ["dsc:aggregate"]},
        {"leftOperand": "dsc:classificationLevel", "operator": "lteq", "rightOperand": 3},
        {"leftOperand": "recipient", "operator": "eq", "rightOperand": "urn:party:data-user"}
        """;

    private PolicyEvaluator _evaluator = null!;
    private EvaluationRequest _request = null!;
    private string _hundredRules = "";

    [GlobalSetup]
    public void Setup()
    {
        var policy = PolicyParser.Parse($$"""
            {"@context": {{Context}}, "target": "urn:dataset:tax-2024",
             "permission": [{"action": "dsc:computeAggregate", "constraint": [{{TenConstraints}}]}],
             "prohibition": [{"action": "dsc:rawExport"}]}
            """).Policy ?? throw new InvalidOperationException("the benchmark policy does not parse");
        _evaluator = new PolicyEvaluator(policy);
        _request = new EvaluationRequest
        {
            Action = ActionKind.ComputeAggregate,
            Target = "urn:dataset:tax-2024",
            Purpose = "research",
            Now = DateTimeOffset.UtcNow,
            Elapsed = TimeSpan.FromDays(30),
            UseCount = 1,
            Columns = ["region", "income"],
            Epsilon = 0.5,
            OutputKind = "dsc:aggregate",
            ClassificationLevel = 2,
            Recipient = "urn:party:data-user",
        };
        if (!_evaluator.Evaluate(_request).IsPermitted)
        {
            throw new InvalidOperationException("the benchmark request must take the permit path");
        }

        var rules = new StringBuilder();
        for (var i = 0; i < 100; i++)
        {
            rules.Append(i == 0 ? "" : ",").Append("""{"action": "dsc:computeAggregate", "constraint": [""").Append(TenConstraints).Append("]}");
        }

        _hundredRules = $$"""{"@context": {{Context}}, "target": "urn:dataset:tax-2024", "permission": [{{rules}}]}""";
        if (PolicyParser.Parse(_hundredRules).Policy?.Permissions.Count != 100)
        {
            throw new InvalidOperationException("the 100-rule policy must parse into 100 permissions");
        }
    }

    /// <summary>The compiled 10-constraint policy, for the latency harness (after <see cref="Setup"/>).</summary>
    internal PolicyEvaluator Evaluator => _evaluator;

    /// <summary>The permit-path request, for the latency harness (after <see cref="Setup"/>).</summary>
    internal EvaluationRequest Request => _request;

    [Benchmark]
    public bool EvaluateTenConstraintPermit() => _evaluator.Evaluate(_request).IsPermitted;

    [Benchmark]
    public bool ParseHundredRulePolicy() => PolicyParser.Parse(_hundredRules).IsSuccess;
}

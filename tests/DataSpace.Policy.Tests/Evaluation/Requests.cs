using DataSpace.Policy.Evaluation;
using DataSpace.Policy.Model;
using DataSpace.Policy.Tests.Support;

namespace DataSpace.Policy.Tests.Evaluation;

/// <summary>Policies and requests for evaluation tests: one permission over <see cref="Dataset"/> with the given constraints.</summary>
internal static class Requests
{
    public const string Dataset = "urn:dataset:tax-2024";
    public const string Operator = "urn:party:operator";

    public static DateTimeOffset Now { get; } = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A request that states every fact a constraint might ask about.</summary>
    public static EvaluationRequest Aggregate { get; } = new()
    {
        Action = ActionKind.ComputeAggregate,
        Target = Dataset,
        Assignee = Operator,
        Purpose = "research",
        Now = Now,
        UseCount = 1,
        Elapsed = TimeSpan.FromDays(10),
        Columns = ["region", "income"],
        ModuleDigest = "sha256:9f86d081884c7d65",
        OutputKind = "dsc:aggregate",
        Epsilon = 0.5,
        Delta = 1e-7,
        ClassificationLevel = 2,
        Recipient = "urn:party:data-user",
        Spatial = "urn:region:cn-11",
    };

    /// <summary>A policy permitting <c>dsc:computeAggregate</c> on <see cref="Dataset"/> under the JSON constraints given.</summary>
    public static OdrlPolicy Permission(string constraintsJson, string extra = "") => TestDocuments.Parse($$"""
        {
          "@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}],
          "@type": "Offer",
          "uid": "urn:policy:test",
          "target": "{{Dataset}}",
          "permission": [{"action": "dsc:computeAggregate", "constraint": [{{constraintsJson}}]}]{{extra}}
        }
        """);

    public static Decision Evaluate(string constraintsJson, EvaluationRequest request) =>
        PolicyEvaluator.Evaluate(Permission(constraintsJson), request);
}

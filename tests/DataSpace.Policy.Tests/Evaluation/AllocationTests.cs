using DataSpace.Policy.Evaluation;
using DataSpace.Tests.Common;

namespace DataSpace.Policy.Tests.Evaluation;

/// <summary>The hot path: a permit allocates nothing once the policy is compiled (issue 3, targets).</summary>
public sealed class AllocationTests
{
    /// <summary>Ten constraints over every value kind, all satisfied by <see cref="Requests.Aggregate"/>.</summary>
    internal const string TenConstraints = """
        {"leftOperand": "purpose", "operator": "isAnyOf", "rightOperand": ["research", "statistics"]},
        {"leftOperand": "dateTime", "operator": "lt", "rightOperand": {"@value": "2027-01-01T00:00:00Z", "@type": "xsd:dateTime"}},
        {"leftOperand": "elapsedTime", "operator": "lteq", "rightOperand": {"@value": "P1Y", "@type": "xsd:duration"}},
        {"leftOperand": "count", "operator": "lteq", "rightOperand": 100},
        {"leftOperand": "dsc:column", "operator": "isPartOf", "rightOperand": ["region", "income", "age_band"]},
        {"leftOperand": "dsc:groupSize", "operator": "gteq", "rightOperand": 10},
        {"leftOperand": "dsc:epsilon", "operator": "lteq", "rightOperand": 1.0},
        {"leftOperand": "dsc:outputKind", "operator": "isAnyOf", "rightOperand": ["dsc:aggregate"]},
        {"leftOperand": "dsc:classificationLevel", "operator": "lteq", "rightOperand": 3},
        {"or": [
          {"leftOperand": "recipient", "operator": "eq", "rightOperand": "urn:party:data-user"},
          {"leftOperand": "spatial", "operator": "eq", "rightOperand": "urn:region:cn-11"}]}
        """;

    [Fact]
    public void Evaluate_TenConstraintPermit_AllocatesNothingPerDecision()
    {
        var evaluator = new PolicyEvaluator(Requests.Permission(TenConstraints, """, "prohibition": [{"action": "dsc:rawExport"}]"""));
        var request = Requests.Aggregate;
        Assert.True(evaluator.Evaluate(request).IsPermitted, evaluator.Evaluate(request).ToString());
        for (var i = 0; i < 1_000; i++)
        {
            evaluator.Evaluate(request);
        }

        var permits = 0;
        void Round()
        {
            for (var i = 0; i < 10_000; i++)
            {
                permits += evaluator.Evaluate(request).IsPermitted ? 1 : 0;
            }
        }

        var allocated = SteadyAllocation.Quietest(Round);
        Assert.Equal(30_000, permits);
        Assert.Equal(0, allocated);
    }
}

using DataSpace.Policy.Evaluation;
using DataSpace.Policy.Model;
using DataSpace.Policy.Tests.Support;

namespace DataSpace.Policy.Tests.Evaluation;

/// <summary>Decisions: prohibitions win, nothing unpermitted passes, fail closed, purpose and assignee, obligations.</summary>
public sealed class PolicyEvaluatorTests
{
    private const string Context = """["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}]""";

    [Fact]
    public void Evaluate_ProhibitionAndPermissionBothApply_ProhibitionWins()
    {
        var policy = TestDocuments.Parse($$"""
            {"@context": {{Context}}, "target": "{{Requests.Dataset}}",
             "permission": [{"action": "use"}], "prohibition": [{"action": "dsc:computeAggregate"}]}
            """);

        var decision = PolicyEvaluator.Evaluate(policy, Requests.Aggregate);

        Assert.Equal("prohibition[0]: prohibits dsc:computeAggregate", Assert.Single(decision.Reasons).ToString());
        Assert.Equal(ReasonKind.Prohibited, decision.Reasons[0].Kind);
    }

    [Fact]
    public void Evaluate_PermissionForUse_CoversComputeButNotRawExport()
    {
        var policy = TestDocuments.Parse($$"""{"@context": {{Context}}, "target": "{{Requests.Dataset}}", "permission": [{"action": "use"}]}""");
        var evaluator = new PolicyEvaluator(policy);

        Assert.True(evaluator.Evaluate(Requests.Aggregate).IsPermitted);
        var export = evaluator.Evaluate(Requests.Aggregate with { Action = ActionKind.RawExport });
        Assert.Equal("permission: no permission covers the action dsc:rawExport", Assert.Single(export.Reasons).ToString());
    }

    [Fact]
    public void Evaluate_ActionNotPermitted_Denies()
    {
        var decision = Requests.Evaluate("", Requests.Aggregate with { Action = ActionKind.TrainModel });

        Assert.Equal(ReasonKind.NoPermission, Assert.Single(decision.Reasons).Kind);
    }

    [Fact]
    public void Evaluate_UnknownRequestAction_DeniesWithReason()
    {
        var decision = Requests.Evaluate("", Requests.Aggregate with { Action = ActionKind.Unknown });

        Assert.Equal("request.action: unknown action; denied (fail closed)", Assert.Single(decision.Reasons).ToString());
    }

    [Fact]
    public void Evaluate_ProhibitionOfUnknownAction_DeniesEverything()
    {
        var policy = TestDocuments.Parse($$"""
            {"@context": {{Context}}, "target": "{{Requests.Dataset}}",
             "permission": [{"action": "use"}], "prohibition": [{"action": "http://example.com/publish"}]}
            """);

        var decision = PolicyEvaluator.Evaluate(policy, Requests.Aggregate);

        Assert.Contains(decision.Reasons, r => r.ToString() == "prohibition[0].action: unknown action 'http://example.com/publish'; denied (fail closed)");
    }

    [Fact]
    public void Evaluate_UnknownLeftOperand_DeniesNamingIt()
    {
        var decision = Requests.Evaluate("""{"leftOperand": "http://example.com/weather", "operator": "eq", "rightOperand": "sunny"}""", Requests.Aggregate);

        Assert.Equal("permission[0].constraint[0]: unknown left operand 'http://example.com/weather'; denied (fail closed)",
            Assert.Single(decision.Reasons).ToString());
    }

    [Fact]
    public void Evaluate_OdrlOperandWithoutEvaluation_DeniesFailClosed()
    {
        var decision = Requests.Evaluate("""{"leftOperand": "industry", "operator": "eq", "rightOperand": "finance"}""", Requests.Aggregate);

        Assert.Equal(ReasonKind.Unsupported, Assert.Single(decision.Reasons).Kind);
    }

    [Fact]
    public void Evaluate_ValueMissingFromRequest_DeniesSayingSo()
    {
        var decision = Requests.Evaluate("""{"leftOperand": "dsc:moduleDigest", "operator": "isAnyOf", "rightOperand": ["sha256:ab"]}""",
            Requests.Aggregate with { ModuleDigest = null });

        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(ReasonKind.ValueMissing, reason.Kind);
        Assert.Equal("permission[0].constraint[0]: dsc:moduleDigest isAnyOf [sha256:ab], actual missing: the request has no value for it; denied (fail closed)",
            reason.ToString());
    }

    [Fact]
    public void Evaluate_ProhibitionConstraintValueMissing_Denies()
    {
        var policy = Requests.Permission("", """, "prohibition": [{"action": "use", "constraint": [{"leftOperand": "recipient", "operator": "eq", "rightOperand": "urn:party:x"}]}]""");

        var decision = PolicyEvaluator.Evaluate(policy, Requests.Aggregate with { Recipient = null });

        Assert.False(decision.IsPermitted);
        Assert.Contains(decision.Reasons, r => r.Kind == ReasonKind.ValueMissing && r.Path == "prohibition[0].constraint[0]");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Evaluate_NoPurpose_Denies(string? purpose)
    {
        var decision = Requests.Evaluate("", Requests.Aggregate with { Purpose = purpose });

        Assert.Equal("request.purpose: a purpose is required", Assert.Single(decision.Reasons).ToString());
    }

    [Fact]
    public void Evaluate_AssigneeIsAnotherParty_Denies()
    {
        var policy = Requests.Permission("", """, "assignee": "urn:party:operator" """);
        var evaluator = new PolicyEvaluator(policy);

        Assert.True(evaluator.Evaluate(Requests.Aggregate).IsPermitted);
        var decision = evaluator.Evaluate(Requests.Aggregate with { Assignee = "urn:party:someone-else" });
        Assert.Equal("permission[0].assignee: assignee urn:party:operator, actual urn:party:someone-else", Assert.Single(decision.Reasons).ToString());
    }

    [Fact]
    public void Evaluate_OtherTarget_Denies()
    {
        var decision = Requests.Evaluate("", Requests.Aggregate with { Target = "urn:dataset:health" });

        Assert.Equal(ReasonKind.TargetMismatch, Assert.Single(decision.Reasons).Kind);
    }

    [Fact]
    public void Evaluate_ProfileExample_PermitsWithGroupSizeAndEpsilonObligations()
    {
        var decision = PolicyEvaluator.Evaluate(TestDocuments.Parse(TestDocuments.ProfileExample()), Requests.Aggregate);

        Assert.True(decision.IsPermitted, decision.ToString());
        Assert.Equal("permission[0]", decision.Permission);
        Assert.Equal(
            [
                new Obligation { Kind = ObligationKind.MinimumGroupSize, Source = "permission[0].constraint[3]", Value = 10 },
                new Obligation { Kind = ObligationKind.SpendEpsilon, Source = "permission[0].constraint[4]", Value = 1.0 },
            ],
            decision.Obligations);
    }

    [Fact]
    public void Evaluate_GroupSizeStatedBelowMinimum_DeniesExpectedAgainstActual()
    {
        var decision = PolicyEvaluator.Evaluate(TestDocuments.Parse(TestDocuments.ProfileExample()), Requests.Aggregate with { GroupSize = 4 });

        Assert.Equal("permission[0].constraint[3]: dsc:groupSize gteq 10, actual 4", Assert.Single(decision.Reasons).ToString());
    }

    [Fact]
    public void Evaluate_GroupSizeGt_ObligesNextInteger()
    {
        var decision = Requests.Evaluate("""{"leftOperand": "dsc:groupSize", "operator": "gt", "rightOperand": 9}""", Requests.Aggregate);

        Assert.Equal(10, Assert.Single(decision.Obligations).Value);
    }

    [Fact]
    public void Evaluate_EpsilonNotStated_Denies()
    {
        var decision = Requests.Evaluate("""{"leftOperand": "dsc:epsilon", "operator": "lteq", "rightOperand": 1.0}""", Requests.Aggregate with { Epsilon = null });

        Assert.Equal(ReasonKind.ValueMissing, Assert.Single(decision.Reasons).Kind);
    }

    [Fact]
    public void Evaluate_DutiesAndPolicyObligations_BecomeObligations()
    {
        var policy = TestDocuments.Parse($$"""
            {"@context": {{Context}}, "target": "{{Requests.Dataset}}",
             "permission": [{"action": "dsc:customAnalysis",
                             "constraint": [{"leftOperand": "dsc:delta", "operator": "lteq", "rightOperand": 1e-6}],
                             "duty": [{"action": "inform"}, {"action": "reviewPolicy"}, {"action": "attribute"}]}],
             "obligation": [{"action": "acceptTracking"}]}
            """);

        var decision = PolicyEvaluator.Evaluate(policy, Requests.Aggregate with { Action = ActionKind.CustomAnalysis });

        Assert.Equal(
            [
                (ObligationKind.SpendDelta, "permission[0].constraint[0]"),
                (ObligationKind.NotifySupplier, "permission[0].duty[0]"),
                (ObligationKind.ReviewBeforeRelease, "permission[0].duty[1]"),
                (ObligationKind.Perform, "permission[0].duty[2]"),
                (ObligationKind.Log, "obligation[0]"),
            ],
            decision.Obligations.Select(o => (o.Kind, o.Source)));
        Assert.Equal(PolicyNamespaces.Odrl + "attribute", decision.Obligations[3].ActionIri);
    }

    [Fact]
    public void Evaluate_DutyWithUnknownAction_Denies()
    {
        var policy = TestDocuments.Parse($$"""
            {"@context": {{Context}}, "target": "{{Requests.Dataset}}",
             "permission": [{"action": "use", "duty": [{"action": "http://example.com/dance"}]}]}
            """);

        var decision = PolicyEvaluator.Evaluate(policy, Requests.Aggregate);

        Assert.Equal(ReasonKind.Unsupported, Assert.Single(decision.Reasons).Kind);
    }

    [Fact]
    public void Evaluate_InheritFrom_DeniesUnresolved()
    {
        var policy = Requests.Permission("") with { InheritFrom = ["urn:policy:parent"] };

        Assert.Equal("inheritFrom", Assert.Single(PolicyEvaluator.Evaluate(policy, Requests.Aggregate).Reasons).Path);
    }

    [Fact]
    public void Evaluate_SecondPermissionHolds_Permits()
    {
        var policy = TestDocuments.Parse($$"""
            {"@context": {{Context}}, "target": "{{Requests.Dataset}}",
             "permission": [
               {"action": "dsc:computeAggregate", "constraint": [{"leftOperand": "purpose", "operator": "eq", "rightOperand": "audit"}]},
               {"action": "dsc:computeAggregate", "constraint": [{"leftOperand": "purpose", "operator": "eq", "rightOperand": "research"}]}]}
            """);

        Assert.Equal("permission[1]", PolicyEvaluator.Evaluate(policy, Requests.Aggregate).Permission);
    }
}

using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Model;
using DataSpace.Policy.Negotiation;

namespace DataSpace.Policy.Tests.Negotiation;

public sealed class OfferRulesTests
{
    private static readonly OfferContext Tax = new() { DatasetId = "tax-2024", Columns = ["region", "industry", "income", "tax"] };

    private static OfferCheck Check(string permissionJson, string extra = "") => OfferRules.Check(PolicyParser.Parse($$"""
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}],
         "@type": "Offer", "uid": "urn:offer:1", "target": "tax-2024",
         "permission": [{{permissionJson}}]{{extra}}}
        """), Tax);

    private static PolicyError Single(OfferCheck check)
    {
        Assert.False(check.IsValid);
        return Assert.Single(check.Errors);
    }

    [Fact]
    public void Check_UnknownAction_IsRefusedAtItsPath()
    {
        var error = Single(Check("""{"action": "dsc:computeAggregates"}"""));

        Assert.Equal("permission[0].action", error.Path);
        Assert.Contains("unknown action 'https://dataspace.example/odrl/profile#computeAggregates'", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UnknownProfileOperand_IsRefusedAtItsPath()
    {
        var error = Single(Check("""{"action": "use", "constraint": {"leftOperand": "dsc:groupsize", "operator": "gteq", "rightOperand": 10}}"""));

        Assert.Equal("permission[0].constraint.leftOperand", error.Path);
        Assert.Contains("unknown profile left operand 'dsc:groupsize'", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ColumnNotInTheDataset_IsRefusedAtItsPath()
    {
        var error = Single(Check("""{"action": "use", "constraint": [{"leftOperand": "dsc:column", "operator": "isPartOf", "rightOperand": ["region", "salary"]}]}"""));

        Assert.Equal("permission[0].constraint[0].rightOperand[1]", error.Path);
        Assert.Equal("'salary' is not a column of dataset 'tax-2024' (its columns: region, industry, income, tax)", error.Reason);
    }

    [Fact]
    public void Check_FilterColumnsOfTheDatasetAndOdrlComparisons_AreAccepted_OthersRefused()
    {
        var check = Check("""
            {"action": "use", "constraint": [
              {"leftOperand": "dsc:filterColumn", "operator": "isPartOf", "rightOperand": ["region", "enterprise_id"]},
              {"leftOperand": "dsc:filterOperator", "operator": "isPartOf", "rightOperand": [{"@id": "odrl:eq"}, "like"]}]}
            """);

        Assert.Equal(
            ["permission[0].constraint[0].rightOperand[1]", "permission[0].constraint[1].rightOperand[1]"],
            check.Errors.Select(e => e.Path));
        Assert.Contains("'like' is not a filter comparison", check.Errors[1].Reason, StringComparison.Ordinal);
        Assert.True(Check("""
            {"action": "use", "constraint": [{"leftOperand": "dsc:filterOperator", "operator": "isPartOf", "rightOperand": [{"@id": "odrl:lt"}, {"@id": "odrl:isNoneOf"}]}]}
            """).IsValid);
    }

    [Fact]
    public void Check_UnknownOutputKindAndMalformedDigest_AreRefused()
    {
        var check = Check("""
            {"action": "use", "constraint": [
              {"leftOperand": "dsc:outputKind", "operator": "isAnyOf", "rightOperand": [{"@id": "dsc:aggregate"}, "dsc:table"]},
              {"leftOperand": "dsc:moduleDigest", "operator": "eq", "rightOperand": "sha256:ABC"}]}
            """);

        Assert.Equal(
            ["permission[0].constraint[0].rightOperand[1]", "permission[0].constraint[1].rightOperand"],
            check.Errors.Select(e => e.Path));
    }

    [Fact]
    public void Check_OperandTheEvaluatorCannotDecide_IsRefusedWithAdvice()
    {
        var edc = Single(Check("""{"action": "use", "constraint": {"leftOperand": "https://w3id.org/edc/v0.0.1/ns/inForceDate", "operator": "gteq", "rightOperand": "contractAgreement+0s"}}"""));
        var odrl = Single(Check("""{"action": "use", "constraint": {"leftOperand": "industry", "operator": "eq", "rightOperand": "finance"}}"""));

        Assert.Contains("write odrl:dateTime", edc.Reason, StringComparison.Ordinal);
        Assert.Equal("permission[0].constraint", odrl.Path);
        Assert.Contains("not supported by this connector's evaluation", odrl.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RuleTargetOfAnotherDataset_IsRefused_AndAliasesBecomeTheDatasetId()
    {
        var other = Single(Check("""{"action": "use", "target": "urn:dataset:social-2024"}"""));
        var alias = Check("""{"action": "use", "target": "urn:dataset:tax-2024"}""");

        Assert.Equal("permission[0].target", other.Path);
        Assert.True(alias.IsValid, string.Join("; ", alias.Errors));
        Assert.Equal("tax-2024", alias.Offer!.Permissions[0].Target!.Uid);
    }

    [Fact]
    public void Check_ErrorsInACompositeRule_AreReportedOnceAtTheDocumentPath()
    {
        // One rule with two actions is two atomic rules sharing one constraint: one error, at the path as written.
        var check = Check("""{"action": ["dsc:computeAggregate", "dsc:trainModel"], "constraint": [{"leftOperand": "dsc:column", "operator": "isPartOf", "rightOperand": ["salary"]}]}""");

        Assert.Equal("permission[0].constraint[0].rightOperand[0]", Single(check).Path);
    }

    [Fact]
    public void Check_OfferNoJobCouldRunUnder_IsRefused()
    {
        var display = Single(Check("""{"action": "display"}"""));
        var inherits = OfferRules.Check(PolicyParser.Parse("""
            {"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Offer", "uid": "urn:offer:1", "target": "tax-2024",
             "inheritFrom": "urn:policy:parent", "permission": [{"action": "use"}]}
            """), Tax);

        Assert.Equal("permission", display.Path);
        Assert.Contains("no job could ever run under this offer", display.Reason, StringComparison.Ordinal);
        Assert.Equal("inheritFrom", Assert.Single(inherits.Errors).Path);
    }

    [Theory]
    [InlineData("dsc:customAnalysis", "dsc:epsilon")]
    [InlineData("dsc:trainModel", "dsc:epsilon")]
    [InlineData("dsc:trainModel", "dsc:delta")]
    public void Check_ModuleOnlyActionAskingForNoise_IsRefusedWithAdvice(string action, string operand)
    {
        // A module's output is exact: under this permission every job would be refused (docs/module-review.md).
        var error = Single(Check($$"""
            {"action": "{{action}}", "constraint": [
              {"leftOperand": "dsc:column", "operator": "isPartOf", "rightOperand": ["region", "income"]},
              {"leftOperand": "{{operand}}", "operator": "lteq", "rightOperand": 1.0}]}
            """));

        Assert.Equal("permission[0].constraint[1]", error.Path);
        Assert.Contains($"{operand} asks for differential privacy, but models and custom analyses run as WebAssembly modules", error.Reason, StringComparison.Ordinal);
        Assert.Contains("no job could ever run under this permission", error.Reason, StringComparison.Ordinal);
        Assert.Contains("permit dsc:computeAggregate", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UseLimitedToCustomOutputAskingForNoise_IsRefused()
    {
        var error = Single(Check("""
            {"action": "use", "constraint": [
              {"leftOperand": "dsc:outputKind", "operator": "isAnyOf", "rightOperand": [{"@id": "dsc:custom"}, {"@id": "dsc:model"}]},
              {"leftOperand": "dsc:epsilon", "operator": "lteq", "rightOperand": 1.0}]}
            """));

        Assert.Equal("permission[0].constraint[1]", error.Path);
    }

    [Theory]
    [InlineData("dsc:computeAggregate")]
    [InlineData("use")]
    public void Check_ActionPlansCanUseAskingForNoise_IsAccepted(string action)
    {
        var check = Check($$"""{"action": "{{action}}", "constraint": [{"leftOperand": "dsc:epsilon", "operator": "lteq", "rightOperand": 1.0}]}""");

        Assert.True(check.IsValid, string.Join("; ", check.Errors));
    }

    [Fact]
    public void Check_ModelTrainingSample_IsAccepted()
    {
        var check = OfferRules.Check(PolicyParser.Parse(Samples.SampleFiles.Read("model-training-budget.json")),
            new OfferContext { DatasetId = "enterprise-tax-2024", Columns = ["industry", "employees_band", "turnover", "tax_paid", "audit_outcome"] });

        Assert.True(check.IsValid, string.Join("; ", check.Errors));
    }

    [Fact]
    public void Check_ValidOffer_IsReturnedAsTheModel()
    {
        var check = Check("""{"action": "dsc:computeAggregate", "constraint": [{"leftOperand": "dsc:column", "operator": "isPartOf", "rightOperand": ["region", "income"]}]}""",
            """, "prohibition": [{"action": "dsc:rawExport"}]""");

        Assert.True(check.IsValid, string.Join("; ", check.Errors));
        Assert.Equal(ActionKind.ComputeAggregate, check.Offer!.Permissions[0].Action.Kind);
    }
}

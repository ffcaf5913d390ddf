using DataSpace.Policy.Evaluation;
using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Model;
using DataSpace.Policy.Negotiation;
using DataSpace.Policy.Tests.Support;

using static DataSpace.Policy.Tests.Negotiation.Agreements;

namespace DataSpace.Policy.Tests.Negotiation;

public sealed class AgreementBuilderTests
{
    private static readonly EvaluationRequest Job = new()
    {
        Action = ActionKind.ComputeAggregate,
        Target = Dataset,
        Assignee = Operator,
        Purpose = "research",
        Now = Start.AddDays(1),
        Columns = ["region", "income"],
        OutputKind = "dsc:aggregate",
    };

    private static OdrlPolicy Offer(string body) => TestDocuments.Parse($$"""
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}],
         "@type": "Offer", "uid": "urn:offer:1", "target": "{{Dataset}}", {{body}}}
        """);

    private static OdrlPolicy Concluded(OdrlPolicy offer, AgreementTerms? terms = null)
    {
        var outcome = AgreementBuilder.Build(offer, terms ?? Terms());
        Assert.True(outcome.IsConcluded, string.Join("; ", outcome.Reasons));
        return outcome.Agreement!;
    }

    [Fact]
    public void Build_SingleConstraintObject_KeepsTheConstraintAndItsObligation()
    {
        // EDC, MVD and Tractus-X write one constraint as an object, not an array: the agreement must keep it.
        var offer = Offer("""
            "permission": [{"action": "dsc:computeAggregate",
                            "constraint": {"leftOperand": "dsc:groupSize", "operator": "gteq", "rightOperand": 5000}}]
            """);

        var agreement = Concluded(offer);
        var decision = PolicyEvaluator.Evaluate(agreement, Job);

        Assert.True(decision.IsPermitted, decision.ToString());
        var minimum = Assert.Single(decision.Obligations, o => o.Kind == ObligationKind.MinimumGroupSize);
        Assert.Equal(5000, minimum.Value);
        Assert.False(PolicyEvaluator.Evaluate(agreement, Job with { GroupSize = 12 }).IsPermitted);
    }

    [Fact]
    public void Build_NarrowsEveryPermissionToThePartyPurposeAndWindow()
    {
        var agreement = Concluded(Offer("""
            "permission": [{"action": "dsc:computeAggregate"}]
            """));

        Assert.Equal(PolicyType.Agreement, agreement.Type);
        Assert.Equal("urn:agreement:agr-1", agreement.Uid);
        Assert.Equal(Operator, agreement.Assignee!.Uid);
        Assert.Equal("urn:party:supplier", agreement.Assigner!.Uid);
        Assert.True(PolicyEvaluator.Evaluate(agreement, Job).IsPermitted);
        Assert.False(PolicyEvaluator.Evaluate(agreement, Job with { Assignee = Rival }).IsPermitted);
        Assert.False(PolicyEvaluator.Evaluate(agreement, Job with { Purpose = "marketing" }).IsPermitted);
        Assert.False(PolicyEvaluator.Evaluate(agreement, Job with { Now = Start.AddSeconds(-1) }).IsPermitted);
        Assert.False(PolicyEvaluator.Evaluate(agreement, Job with { Now = Start.AddDays(90) }).IsPermitted);
        Assert.False(PolicyEvaluator.Evaluate(agreement, Job with { Target = "other" }).IsPermitted);
    }

    [Fact]
    public void Build_OfferForAnotherParty_IsNotOffered()
    {
        var offer = Offer("""
            "assignee": "urn:party:chosen", "permission": [{"action": "dsc:computeAggregate"}]
            """);

        var outcome = AgreementBuilder.Build(offer, Terms());

        Assert.False(outcome.IsConcluded);
        Assert.Equal(AgreementRefusal.NotOffered, outcome.Refusal);
        Assert.Contains(outcome.Reasons, r => r.Kind == ReasonKind.AssigneeMismatch && r.Message.Contains("urn:party:chosen", StringComparison.Ordinal));
        Assert.True(AgreementBuilder.Build(offer, Terms(assignee: "urn:party:chosen")).IsConcluded);
    }

    [Fact]
    public void Build_RuleLevelAssigneeForOthersOnly_IsNotOffered_AndTheirRulesAreDroppedOtherwise()
    {
        var offer = Offer("""
            "permission": [{"action": "dsc:computeAggregate", "assignee": "urn:party:chosen"},
                           {"action": "dsc:trainModel"}]
            """);

        var agreement = Concluded(offer);

        Assert.False(PolicyEvaluator.Evaluate(agreement, Job).IsPermitted);
        Assert.True(PolicyEvaluator.Evaluate(agreement, Job with { Action = ActionKind.TrainModel }).IsPermitted);
        var onlyChosen = Offer("""
            "permission": [{"action": "dsc:computeAggregate", "assignee": "urn:party:chosen"}]
            """);
        Assert.Equal(AgreementRefusal.NotOffered, AgreementBuilder.Build(onlyChosen, Terms()).Refusal);
    }

    [Fact]
    public void Build_PurposeTheOfferProhibits_NeverPermits()
    {
        var offer = Offer("""
            "permission": [{"action": "use"}],
            "prohibition": [{"action": "use", "constraint": [{"leftOperand": "purpose", "operator": "eq", "rightOperand": "marketing"}]}]
            """);

        var outcome = AgreementBuilder.Build(offer, Terms(purpose: "marketing"));

        Assert.Equal(AgreementRefusal.NeverPermits, outcome.Refusal);
        Assert.Contains(outcome.Reasons, r => r.Kind == ReasonKind.Prohibited && r.Path == "prohibition[0]");
        Assert.True(AgreementBuilder.Build(offer, Terms(purpose: "research")).IsConcluded);
    }

    [Fact]
    public void Build_PurposeTheOfferDoesNotPermit_NeverPermitsWithTheEvaluatorsReason()
    {
        var offer = Offer("""
            "permission": [{"action": "dsc:computeAggregate", "constraint": [{"leftOperand": "purpose", "operator": "eq", "rightOperand": "research"}]}]
            """);

        var outcome = AgreementBuilder.Build(offer, Terms(purpose: "marketing"));

        Assert.Equal(AgreementRefusal.NeverPermits, outcome.Refusal);
        var reason = Assert.Single(outcome.Reasons);
        Assert.Equal("permission[0].constraint[0]", reason.Path);
        Assert.Equal("purpose eq research, actual marketing", reason.Message);
    }

    [Theory]
    [InlineData("lt", "2026-05-01T00:00:00Z", false)]
    [InlineData("lt", "2026-06-01T12:00:00Z", false)]
    [InlineData("lt", "2026-06-01T12:00:01Z", true)]
    [InlineData("gteq", "2026-08-30T12:00:00Z", false)]
    [InlineData("gteq", "2026-08-30T11:59:59Z", true)]
    [InlineData("eq", "2026-07-01T00:00:00Z", true)]
    [InlineData("eq", "2027-01-01T00:00:00Z", false)]
    public void Build_DateTimeConstraint_IsDecidedOverTheWholeWindow(string op, string bound, bool concluded)
    {
        var offer = Offer($$"""
            "permission": [{"action": "dsc:computeAggregate", "constraint": [
              {"leftOperand": "dateTime", "operator": "{{op}}", "rightOperand": {"@value": "{{bound}}", "@type": "xsd:dateTime"} }]}]
            """);

        var outcome = AgreementBuilder.Build(offer, Terms());

        Assert.Equal(concluded, outcome.IsConcluded);
        if (!concluded)
        {
            Assert.Equal(AgreementRefusal.NeverPermits, outcome.Refusal);
            Assert.Contains("never between the agreement's start", Assert.Single(outcome.Reasons).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Build_OnlyRawExportOrUnknownOperands_NeverPermits()
    {
        var rawExport = Offer("""
            "permission": [{"action": "dsc:rawExport"}]
            """);
        var unknownOperand = Offer("""
            "permission": [{"action": "use", "constraint": [{"leftOperand": "industry", "operator": "eq", "rightOperand": "finance"}]}]
            """);

        Assert.Equal(AgreementRefusal.NeverPermits, AgreementBuilder.Build(rawExport, Terms()).Refusal);
        var unknown = AgreementBuilder.Build(unknownOperand, Terms());
        Assert.Equal(AgreementRefusal.NeverPermits, unknown.Refusal);
        Assert.Contains(unknown.Reasons, r => r.Kind == ReasonKind.Unsupported && r.Path == "permission[0].constraint[0]");
    }

    [Fact]
    public void Build_OfferThatPermitsOnlyRead_NeverPermitsAJob()
    {
        // odrl:read does not cover the job actions (only odrl:use does).
        var outcome = AgreementBuilder.Build(TestDocuments.ParseFile("dataspace/full-iri-agreement.json"),
            Terms(assignee: "urn:party:operator") with { Target = "urn:dataset:tax-2024" });

        Assert.Equal(AgreementRefusal.NeverPermits, outcome.Refusal);
        Assert.Equal(ReasonKind.NoPermission, Assert.Single(outcome.Reasons).Kind);
    }

    [Fact]
    public void Build_ValidityOverFiveYears_IsInvalidTerms()
    {
        var offer = Offer("""
            "permission": [{"action": "dsc:computeAggregate", "constraint": [
              {"leftOperand": "dateTime", "operator": "lt", "rightOperand": {"@value": "2027-01-01T00:00:00Z", "@type": "xsd:dateTime"}}]}]
            """);

        var outcome = AgreementBuilder.Build(offer, Terms(length: TimeSpan.FromDays((365 * 5) + 2)));

        Assert.Equal(AgreementRefusal.InvalidTerms, outcome.Refusal);
    }

    [Theory]
    [InlineData("dataspace/dsp-catalog-offer.json")]
    [InlineData("dataspace/edc-prefixed-vocab.json")]
    public void Build_DataspaceDocuments_BecomeAgreementsThatReadBackEqual(string name)
    {
        // @id instead of uid, odrl:-prefixed keys, full IRIs, single values: the agreement is made on the model and
        // written by the serializer, so the document's form does not matter.
        var offer = TestDocuments.ParseFile(name);
        var assignee = offer.Assignee?.Uid ?? Operator;
        var target = offer.Target?.Uid ?? offer.Permissions[0].Target?.Uid ?? Dataset;
        var terms = Terms(purpose: "research", assignee: assignee) with { Target = target };

        var agreement = Concluded(offer, terms);
        var written = PolicySerializer.Serialize(agreement);

        Assert.Equal(agreement, PolicyParser.Parse(written).Policy);
    }
}

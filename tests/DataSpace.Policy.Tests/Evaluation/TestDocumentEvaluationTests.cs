using DataSpace.Policy.Evaluation;
using DataSpace.Policy.Model;
using DataSpace.Policy.Tests.Support;

namespace DataSpace.Policy.Tests.Evaluation;

/// <summary>W3C ODRL 2.2 examples and dataspace documents (TestData/) evaluated as their text says.</summary>
public sealed class TestDocumentEvaluationTests
{
    private static EvaluationRequest Request(ActionKind action, string target, string? assignee = null) => new()
    {
        Action = action,
        Target = target,
        Assignee = assignee,
        Purpose = "research",
        Now = Requests.Now,
    };

    [Fact]
    public void Evaluate_Example1_PermitsUseOfTheMovie()
    {
        var evaluator = new PolicyEvaluator(TestDocuments.ParseFile("w3c/example01-set.json"));

        Assert.True(evaluator.Evaluate(Request(ActionKind.Play, "http://example.com/asset:9898.movie")).IsPermitted);
        Assert.False(evaluator.Evaluate(Request(ActionKind.Play, "http://example.com/asset:other")).IsPermitted);
    }

    [Fact]
    public void Evaluate_Example13_DistributeOnlyBefore2018()
    {
        var evaluator = new PolicyEvaluator(TestDocuments.ParseFile("w3c/example13-datetime-constraint.json"));
        var request = Request(ActionKind.Distribute, "http://example.com/document:1234");

        Assert.True(evaluator.Evaluate(request with { Now = new DateTimeOffset(2017, 12, 31, 23, 59, 59, TimeSpan.Zero) }).IsPermitted);
        var late = evaluator.Evaluate(request with { Now = new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.Zero) });
        Assert.Equal("permission[0].constraint[0]: dateTime lt 2018-01-01, actual 2018-01-01T00:00:00Z", Assert.Single(late.Reasons).ToString());
    }

    [Fact]
    public void Evaluate_Example19_DisplayPermittedArchiveProhibited()
    {
        var evaluator = new PolicyEvaluator(TestDocuments.ParseFile("w3c/example19-prohibition-conflict.json"));
        const string Album = "http://example.com/photoAlbum:55";
        const string Assignee = "http://example.com/assignee:55";

        Assert.True(evaluator.Evaluate(Request(ActionKind.Display, Album, Assignee)).IsPermitted);
        Assert.Equal(ReasonKind.Prohibited, evaluator.Evaluate(Request(ActionKind.Archive, Album, Assignee)).Reasons[0].Kind);
        Assert.Equal(ReasonKind.AssigneeMismatch, evaluator.Evaluate(Request(ActionKind.Display, Album, "http://example.com/other")).Reasons[0].Kind);
    }

    [Fact]
    public void Evaluate_Example22_PlayWithACompensationInEuroIsDenied()
    {
        // The payment is a price component (docs/metering.md): in EUR, under an event constraint, without a basis: it cannot be computed.
        var decision = PolicyEvaluator.Evaluate(TestDocuments.ParseFile("w3c/example22-permission-duty.json"),
            Request(ActionKind.Play, "http://example.com/music/1999.mp3"));

        Assert.False(decision.IsPermitted);
        Assert.Equal(
            [
                ("permission[0].duty[0].action.refinement[0].unit", ReasonKind.Unsupported),
                ("permission[0].duty[0].constraint[0]", ReasonKind.Unsupported),
                ("permission[0].duty[0]", ReasonKind.Unsupported),
            ],
            decision.Reasons.Select(r => (r.Path, r.Kind)));
        Assert.Contains("payAmount must be in CNY", decision.Reasons[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_Example24_IndexProhibited()
    {
        var decision = PolicyEvaluator.Evaluate(TestDocuments.ParseFile("w3c/example24-prohibition-remedy.json"),
            Request(ActionKind.Index, "http://example.com/data:77", "http://example.com/org:99"));

        Assert.Equal("prohibition[0]: prohibits index", Assert.Single(decision.Reasons).ToString());
    }

    [Fact]
    public void Evaluate_FullIriAgreement_ReadUpToTenTimes()
    {
        var evaluator = new PolicyEvaluator(TestDocuments.ParseFile("dataspace/full-iri-agreement.json"));
        var request = Request(ActionKind.Read, "urn:dataset:tax-2024", "urn:party:operator");

        Assert.True(evaluator.Evaluate(request with { UseCount = 10 }).IsPermitted);
        Assert.False(evaluator.Evaluate(request with { UseCount = 11 }).IsPermitted);
        Assert.Equal(ReasonKind.ValueMissing, Assert.Single(evaluator.Evaluate(request).Reasons).Kind);
    }

    [Fact]
    public void Evaluate_DspOffer_UseOnlyInTheEu()
    {
        var evaluator = new PolicyEvaluator(TestDocuments.ParseFile("dataspace/dsp-catalog-offer.json"));
        var request = Request(ActionKind.Use, "urn:uuid:3dd1add8-4d2d-569e-d634-8394a8836d23");

        Assert.True(evaluator.Evaluate(request with { Spatial = "http://example.org/EU" }).IsPermitted);
        Assert.False(evaluator.Evaluate(request with { Spatial = "http://example.org/US" }).IsPermitted);
    }

    [Fact]
    public void Evaluate_EdcConnectorOperands_DenyAsUnknown()
    {
        var decision = PolicyEvaluator.Evaluate(TestDocuments.ParseFile("dataspace/edc-mds-policy-definition.json"),
            Request(ActionKind.Use, "urn:dataset:any"));

        Assert.False(decision.IsPermitted);
        Assert.StartsWith("permission[0].constraint[0].and[0]: unknown left operand '", decision.Reasons[0].ToString(), StringComparison.Ordinal);
        Assert.All(decision.Reasons, r => Assert.Equal(ReasonKind.Unsupported, r.Kind));
    }
}

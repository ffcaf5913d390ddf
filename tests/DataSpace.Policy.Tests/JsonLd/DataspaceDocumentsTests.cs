using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Model;
using DataSpace.Policy.Tests.Support;

namespace DataSpace.Policy.Tests.JsonLd;

/// <summary>Policies in the forms the Eclipse Dataspace Connector and the Dataspace Protocol exchange.</summary>
public sealed class DataspaceDocumentsTests
{
    [Fact]
    public void Parse_EdcPolicyDefinition_KeepsEdcLeftOperandsAsUnknown()
    {
        var policy = TestDocuments.ParseFile("dataspace/edc-mds-policy-definition.json");

        var permission = Assert.Single(policy.Permissions);
        Assert.Equal(ActionKind.Use, permission.Action.Kind);
        Assert.Empty(policy.Prohibitions);
        var and = Assert.IsType<LogicalConstraint>(Assert.Single(permission.Constraints));
        Assert.Equal(LogicalOperator.And, and.Operator);
        var first = Assert.IsType<Constraint>(and.Operands[0]);
        var second = Assert.IsType<Constraint>(and.Operands[1]);
        Assert.Equal((LeftOperand.Unknown, "REFERRING_CONNECTOR", ConstraintOperator.Eq), (first.LeftOperand, first.LeftOperandIri, first.Operator));
        Assert.Equal("MDSLXXX.XXXXX", first.RightOperand!.Lexical);
        Assert.Equal((LeftOperand.Unknown, "POLICY_EVALUATION_TIME", ConstraintOperator.Lt), (second.LeftOperand, second.LeftOperandIri, second.Operator));
    }

    [Fact]
    public void Parse_EdcCompactedWithVocab_ReadsPrefixedTermsAndIdObjects()
    {
        var policy = TestDocuments.ParseFile("dataspace/edc-prefixed-vocab.json");

        Assert.Equal("policy-purpose-research", policy.Uid);
        var permission = Assert.Single(policy.Permissions);
        var purpose = Assert.IsType<Constraint>(Assert.Single(permission.Constraints));
        Assert.Equal(LeftOperand.Purpose, purpose.LeftOperand);
        Assert.Equal(ConstraintOperator.Eq, purpose.Operator);
        Assert.Equal(new RightOperand { Kind = RightOperandKind.String, Lexical = "research" }, purpose.RightOperand);
    }

    [Fact]
    public void Parse_DspOffer_SharesPolicyTargetAndAssignerWithRules()
    {
        var policy = TestDocuments.ParseFile("dataspace/dsp-catalog-offer.json");

        Assert.Equal(PolicyType.Offer, policy.Type);
        Assert.Equal("urn:connector:provider", policy.Assigner?.Uid);
        var permission = Assert.Single(policy.Permissions);
        Assert.Equal("urn:uuid:3dd1add8-4d2d-569e-d634-8394a8836d23", permission.Target?.Uid);
        Assert.Equal("urn:connector:provider", permission.Assigner?.Uid);
        var spatial = Assert.IsType<Constraint>(Assert.Single(permission.Constraints));
        Assert.Equal(LeftOperand.Spatial, spatial.LeftOperand);
        Assert.Equal(new RightOperand { Kind = RightOperandKind.Iri, Lexical = "http://example.org/EU" }, spatial.RightOperand);
    }

    [Fact]
    public void Parse_FullIrisWithoutContext_ReadsAgreementWithTypedCount()
    {
        var policy = TestDocuments.ParseFile("dataspace/full-iri-agreement.json");

        Assert.Equal(PolicyType.Agreement, policy.Type);
        Assert.Equal("urn:party:operator", policy.Assignee?.Uid);
        var permission = Assert.Single(policy.Permissions);
        Assert.Equal(ActionKind.Read, permission.Action.Kind);
        var count = Assert.IsType<Constraint>(Assert.Single(permission.Constraints));
        Assert.Equal((LeftOperand.Count, ConstraintOperator.Lteq, 10L), (count.LeftOperand, count.Operator, count.RightOperand!.Integer));
    }

    [Theory]
    [MemberData(nameof(TestDocuments.ValidNamesData), MemberType = typeof(TestDocuments))]
    public void Parse_EveryTestDocument_Succeeds(string name)
    {
        var policy = TestDocuments.ParseFile(name);

        Assert.NotEmpty(policy.Permissions.Concat(policy.Prohibitions).Concat(policy.Obligations));
    }

    public static TheoryData<string> RefusedNames() => new(TestDocuments.Refused.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(RefusedNames))]
    public void Parse_PublishedDocumentWithAnError_IsRefusedNamingIt(string name)
    {
        var result = PolicyParser.Parse(TestDocuments.Read(name));

        Assert.False(result.IsSuccess);
        Assert.Contains(result.Errors, e => e.Reason.Contains(TestDocuments.Refused[name], StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_EdcAndCatenaXContexts_AreKnownAndTheirOperandsExpandIntoTheirNamespaces()
    {
        var membership = TestDocuments.ParseFile("edc/mvd-require-membership.json");
        var framework = TestDocuments.ParseFile("tractusx/txedc-usage-framework-purpose.json");

        Assert.NotEmpty(membership.Permissions);
        var operands = framework.Permissions.SelectMany(p => p.Constraints).SelectMany(Atoms).Select(c => c.LeftOperandIri).ToList();
        Assert.Contains(operands, iri => iri.StartsWith("https://w3id.org/catenax/", StringComparison.Ordinal) && iri.EndsWith("FrameworkAgreement", StringComparison.Ordinal));
    }

    private static IEnumerable<Constraint> Atoms(ConstraintNode node) =>
        node is LogicalConstraint logical ? logical.Operands.SelectMany(Atoms) : [(Constraint)node];
}

using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Model;
using DataSpace.Policy.Tests.Support;

namespace DataSpace.Policy.Tests.JsonLd;

/// <summary>The JSON-LD spellings real documents use all read to the same model.</summary>
public sealed class JsonLdFormsTests
{
    private const string Compact = """
        { "@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Agreement", "uid": "urn:p:1",
          "permission": [{ "target": "urn:d:1", "assignee": "urn:party:op", "action": "use",
            "constraint": [{ "leftOperand": "count", "operator": "lteq", "rightOperand": 5 }] }] }
        """;

    public static TheoryData<string> EquivalentForms() => new(
        // ODRL's context over https, aliases type/@id, single values instead of arrays, an action as an @id object.
        """
        { "@context": "https://www.w3.org/ns/odrl.jsonld", "type": "Agreement", "@id": "urn:p:1",
          "permission": { "target": { "@id": "urn:d:1" }, "assignee": { "@id": "urn:party:op" }, "action": { "@id": "odrl:use" },
            "constraint": { "leftOperand": "count", "operator": "lteq", "rightOperand": "5" } } }
        """,
        // odrl: prefixes everywhere, no context (the ODRL context is assumed).
        """
        { "@type": "odrl:Agreement", "odrl:uid": "urn:p:1",
          "odrl:permission": [{ "odrl:target": "urn:d:1", "odrl:assignee": "urn:party:op", "odrl:action": "odrl:use",
            "odrl:constraint": [{ "odrl:leftOperand": "odrl:count", "odrl:operator": "odrl:lteq",
              "odrl:rightOperand": { "@value": "5" } }] }] }
        """,
        // A custom prefix for the ODRL namespace and a term definition.
        """
        { "@context": [{ "o": "http://www.w3.org/ns/odrl/2/", "perm": { "@id": "o:permission" } }],
          "@type": "o:Agreement", "@id": "urn:p:1",
          "perm": [{ "o:target": "urn:d:1", "o:assignee": "urn:party:op", "o:action": { "@id": "o:use" },
            "o:constraint": { "@list": [{ "o:leftOperand": "o:count", "o:operator": "o:lteq", "o:rightOperand": 5 }] } }] }
        """,
        // The Dataspace Protocol context with full IRIs for values.
        """
        { "@context": "https://w3id.org/dspace/2025/1/context.jsonld", "@type": "http://www.w3.org/ns/odrl/2/Agreement", "@id": "urn:p:1",
          "odrl:permission": [{ "odrl:target": "urn:d:1", "odrl:assignee": "urn:party:op", "odrl:action": "http://www.w3.org/ns/odrl/2/use",
            "odrl:constraint": [{ "odrl:leftOperand": "http://www.w3.org/ns/odrl/2/count",
              "odrl:operator": { "@id": "http://www.w3.org/ns/odrl/2/lteq" }, "odrl:rightOperand": [5] }] }] }
        """);

    [Fact]
    public void Parse_TermInAnIdObject_IsARelativeIriNotTheTerm()
    {
        // JSON-LD 1.1 expands an @id value as an IRI, never as a term: {"@id": "use"} is the relative IRI "use", an
        // unknown action, not odrl:use. That is also how the serializer keeps such an IRI apart from the term.
        var policy = TestDocuments.Parse("""
            { "@context": "http://www.w3.org/ns/odrl.jsonld", "permission": [{ "action": { "@id": "use" } }] }
            """);

        Assert.Equal(("use", ActionKind.Unknown), (policy.Permissions[0].Action.Iri, policy.Permissions[0].Action.Kind));
        Assert.Equal(policy, TestDocuments.Parse(PolicySerializer.Serialize(policy)));
    }

    [Theory]
    [MemberData(nameof(EquivalentForms))]
    public void Parse_EquivalentForm_GivesTheSamePolicyAsCompactForm(string json)
    {
        var expected = TestDocuments.Parse(Compact);

        var policy = TestDocuments.Parse(json);

        var expectedConstraint = (Constraint)expected.Permissions[0].Constraints[0];
        var constraint = (Constraint)policy.Permissions[0].Constraints[0];
        var right = constraint.RightOperand!.Kind == RightOperandKind.List ? constraint.RightOperand.Items[0] : constraint.RightOperand;
        Assert.Equal(expectedConstraint with { RightOperand = null }, constraint with { RightOperand = null });
        Assert.Equal(expectedConstraint.RightOperand, right);
        Assert.Equal(expected with { Permissions = [] }, policy with { Permissions = [] });
        Assert.Equal(expected.Permissions[0] with { Constraints = [] }, policy.Permissions[0] with { Constraints = [] });
    }

    [Theory]
    [InlineData("eq", ConstraintOperator.Eq)]
    [InlineData("gt", ConstraintOperator.Gt)]
    [InlineData("gteq", ConstraintOperator.Gteq)]
    [InlineData("lt", ConstraintOperator.Lt)]
    [InlineData("lteq", ConstraintOperator.Lteq)]
    [InlineData("neq", ConstraintOperator.Neq)]
    [InlineData("isA", ConstraintOperator.IsA)]
    [InlineData("hasPart", ConstraintOperator.HasPart)]
    [InlineData("isPartOf", ConstraintOperator.IsPartOf)]
    [InlineData("isAllOf", ConstraintOperator.IsAllOf)]
    [InlineData("isAnyOf", ConstraintOperator.IsAnyOf)]
    [InlineData("odrl:isNoneOf", ConstraintOperator.IsNoneOf)]
    public void Parse_EachOdrlOperator_MapsToItsEnum(string term, ConstraintOperator expected)
    {
        var policy = TestDocuments.Parse($$"""
            { "permission": { "action": "use", "constraint": { "leftOperand": "purpose", "operator": "{{term}}", "rightOperand": "x" } } }
            """);

        Assert.Equal(expected, ((Constraint)policy.Permissions[0].Constraints[0]).Operator);
    }

    [Fact]
    public void Parse_AndSequenceList_KeepsOperandOrder()
    {
        var policy = TestDocuments.Parse("""
            { "permission": { "action": "use", "constraint": { "andSequence": { "@list": [
                { "leftOperand": "purpose", "operator": "eq", "rightOperand": "b" },
                { "leftOperand": "purpose", "operator": "eq", "rightOperand": "a" } ] } } } }
            """);

        var sequence = Assert.IsType<LogicalConstraint>(policy.Permissions[0].Constraints[0]);
        Assert.Equal(LogicalOperator.AndSequence, sequence.Operator);
        Assert.Equal(["b", "a"], sequence.Operands.Cast<Constraint>().Select(c => c.RightOperand!.Lexical));
    }

    [Fact]
    public void Parse_UntypedValueForElapsedTime_IsADuration()
    {
        var policy = TestDocuments.Parse("""
            { "permission": { "action": "use", "constraint": { "leftOperand": "elapsedTime", "operator": "lteq", "rightOperand": { "@value": "P30D" } } } }
            """);

        var right = ((Constraint)policy.Permissions[0].Constraints[0]).RightOperand!;
        Assert.Equal(RightOperandKind.Duration, right.Kind);
        Assert.Equal(TimeSpan.FromDays(30), right.Duration.Time);
    }

    [Fact]
    public void Parse_Utf8Bytes_GivesTheSamePolicyAsString()
    {
        var fromBytes = PolicyParser.Parse(System.Text.Encoding.UTF8.GetBytes(Compact));

        Assert.Equal(TestDocuments.Parse(Compact), fromBytes.Policy);
    }
}

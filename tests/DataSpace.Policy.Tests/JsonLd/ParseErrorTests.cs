using DataSpace.Policy.JsonLd;

namespace DataSpace.Policy.Tests.JsonLd;

/// <summary>Each kind of error, with the exact path and reason the parser reports.</summary>
public sealed class ParseErrorTests
{
    private const string Context = "\"@context\": \"http://www.w3.org/ns/odrl.jsonld\"";

    private static PolicyError SingleError(string json, PolicyParserOptions? options = null)
    {
        var result = PolicyParser.Parse(json, options);
        Assert.Null(result.Policy);
        return Assert.Single(result.Errors);
    }

    private static string WithConstraints(string constraints) =>
        $$"""{ {{Context}}, "permission": [{ "action": "use", "constraint": [{{constraints}}] }] }""";

    [Fact]
    public void Parse_UnknownOperator_NamesPathAndOperator()
    {
        var json = WithConstraints("""
            { "leftOperand": "count", "operator": "lteq", "rightOperand": 5 },
            { "leftOperand": "count", "operator": "gteq2", "rightOperand": 1 }
            """);

        var error = SingleError(json);

        Assert.Equal(PolicyErrorKind.UnknownOperator, error.Kind);
        Assert.Equal("permission[0].constraint[1].operator", error.Path);
        Assert.StartsWith("permission[0].constraint[1].operator: unknown operator 'gteq2'; expected one of eq, gt,", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MalformedJson_GivesLineAndByte()
    {
        var error = SingleError("{\n  \"permission\": [ }");

        Assert.Equal(new PolicyError("", PolicyErrorKind.MalformedJson, "malformed JSON at line 2, byte 19"), error);
        Assert.StartsWith("$: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DocumentOverSizeLimit_IsTooLarge()
    {
        var error = SingleError(WithConstraints(""), new PolicyParserOptions { MaxBytes = 40 });

        Assert.Equal(new PolicyError("", PolicyErrorKind.TooLarge, "the document is larger than the limit of 40 bytes"), error);
    }

    [Fact]
    public void Parse_NestingOverDepthLimit_IsTooDeep()
    {
        var json = $$"""{ {{Context}}, "permission": {{new string('[', 40)}}{{new string(']', 40)}} }""";

        var error = SingleError(json);

        Assert.Equal(PolicyErrorKind.TooDeep, error.Kind);
        Assert.StartsWith("the document nests deeper than the limit of 32", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownContextIri_IsRefusedWithoutFetching()
    {
        var result = PolicyParser.Parse("""{ "@context": "https://example.com/ctx.jsonld", "permission": { "action": "use" } }""");

        var error = result.Errors[0];

        Assert.Equal(PolicyErrorKind.UnsupportedContext, error.Kind);
        Assert.Equal("@context", error.Path);
        Assert.StartsWith("unknown context 'https://example.com/ctx.jsonld'; contexts are recognised by IRI and never fetched", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RuleWithoutAction_NamesTheRule()
    {
        var error = SingleError($$"""{ {{Context}}, "permission": [{ "action": "use" }, { "target": "urn:b" }] }""");

        Assert.Equal(new PolicyError("permission[1]", PolicyErrorKind.MissingProperty, "a rule needs an action"), error);
    }

    [Fact]
    public void Parse_PolicyWithoutRules_IsMissingRules()
    {
        var error = SingleError($$"""{ {{Context}}, "uid": "urn:p" }""");

        Assert.Equal(new PolicyError("", PolicyErrorKind.MissingProperty, "a policy needs at least one permission, prohibition or obligation (ODRL IM §2.1)"), error);
    }

    [Fact]
    public void Parse_UidAndIdTogether_IsDuplicate()
    {
        var error = SingleError($$"""{ {{Context}}, "uid": "urn:a", "@id": "urn:b", "permission": { "action": "use" } }""");

        Assert.Equal(new PolicyError("@id", PolicyErrorKind.DuplicateProperty, "property '@id' repeats 'uid'"), error);
    }

    [Fact]
    public void Parse_RepeatedKey_IsDuplicate()
    {
        var error = SingleError($$"""{ {{Context}}, "permission": { "action": "use", "action": "read" } }""");

        Assert.Equal(new PolicyError("permission.action", PolicyErrorKind.DuplicateProperty, "property 'action' appears more than once"), error);
    }

    [Fact]
    public void Parse_UnsupportedOdrlProperty_IsRefused()
    {
        var error = SingleError(WithConstraints("""{ "leftOperand": "count", "operator": "lt", "rightOperand": 10, "status": 5 }"""));

        Assert.Equal(new PolicyError("permission[0].constraint[0].status", PolicyErrorKind.UnsupportedProperty, "property 'status' is not supported by this connector"), error);
    }

    [Fact]
    public void Parse_PropertyInTheWrongNode_IsRefused()
    {
        var error = SingleError($$"""{ {{Context}}, "leftOperand": "count", "permission": { "action": "use" } }""");

        Assert.Equal(new PolicyError("leftOperand", PolicyErrorKind.UnsupportedProperty, "property 'leftOperand' does not belong in a policy"), error);
    }

    [Fact]
    public void Parse_DateTimeThatIsNotADate_IsInvalidValue()
    {
        var error = SingleError(WithConstraints("""{ "leftOperand": "dateTime", "operator": "lt", "rightOperand": "yesterday" }"""));

        Assert.Equal(new PolicyError("permission[0].constraint[0].rightOperand", PolicyErrorKind.InvalidValue, "'yesterday' is not a valid xsd:dateTime"), error);
    }

    [Fact]
    public void Parse_FractionalCount_IsInvalidValue()
    {
        var error = SingleError(WithConstraints("""{ "leftOperand": "count", "operator": "lt", "rightOperand": 1.5 }"""));

        Assert.Equal(new PolicyError("permission[0].constraint[0].rightOperand", PolicyErrorKind.InvalidValue, "'1.5' is not a valid xsd:integer"), error);
    }

    [Fact]
    public void Parse_TypedValueOfTheWrongKind_IsInvalidValue()
    {
        var error = SingleError(WithConstraints("""{ "leftOperand": "dsc:groupSize", "operator": "gteq", "rightOperand": { "@value": "ten", "@type": "xsd:string" } }"""));

        Assert.Equal(new PolicyError("permission[0].constraint[0].rightOperand.@value", PolicyErrorKind.InvalidValue, "leftOperand 'dsc:groupSize' compares with a integer value; 'ten' is a string"), error);
    }

    [Fact]
    public void Parse_TicketPolicy_IsUnsupportedType()
    {
        var error = SingleError($$"""{ {{Context}}, "@type": "Ticket", "permission": { "action": "use" } }""");

        Assert.Equal(new PolicyError("@type", PolicyErrorKind.UnsupportedType, "unsupported policy type 'Ticket'; expected Set, Offer or Agreement"), error);
    }

    [Fact]
    public void Parse_ConstraintReferencedById_IsRefusedAsUnresolvable()
    {
        var json = $$"""
            { {{Context}}, "permission": [{ "action": [{ "rdf:value": { "@id": "odrl:reproduce" },
              "refinement": { "xone": { "@list": [ { "@id": "http://example.com/p:88/C1" } ] } } }] }] }
            """;

        var error = SingleError(json);

        Assert.Equal(new PolicyError("permission[0].action[0].refinement.xone.@list[0]", PolicyErrorKind.UnsupportedProperty,
            "constraints referenced by '@id' alone are not supported; write the constraint inline"), error);
    }

    [Fact]
    public void Parse_RootThatIsNotAnObject_IsInvalidValue()
    {
        var error = SingleError("[]");

        Assert.Equal(new PolicyError("", PolicyErrorKind.InvalidValue, "a policy must be a JSON object, found an array"), error);
    }

    [Fact]
    public void Parse_BothRightOperandAndReference_IsInvalidValue()
    {
        var error = SingleError(WithConstraints("""{ "leftOperand": "purpose", "operator": "eq", "rightOperand": "x", "rightOperandReference": "urn:r" }"""));

        Assert.Equal(new PolicyError("permission[0].constraint[0]", PolicyErrorKind.InvalidValue, "a constraint needs exactly one of rightOperand and rightOperandReference"), error);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsEach()
    {
        var json = WithConstraints("""
            { "leftOperand": "count", "operator": "less", "rightOperand": 1 },
            { "operator": "eq", "rightOperand": "x" }
            """);

        var result = PolicyParser.Parse(json);

        Assert.Equal(["permission[0].constraint[0].operator", "permission[0].constraint[1]"], result.Errors.Select(e => e.Path));
    }
}

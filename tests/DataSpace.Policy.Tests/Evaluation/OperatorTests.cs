using DataSpace.Policy.Evaluation;

namespace DataSpace.Policy.Tests.Evaluation;

/// <summary>The twelve ODRL operators (ODRL Vocabulary §4.20) per value kind, each with a case that holds and one that does not.</summary>
public sealed class OperatorTests
{
    [Theory]
    [InlineData("eq", "2", 2, true)]
    [InlineData("eq", "2", 3, false)]
    [InlineData("neq", "2", 3, true)]
    [InlineData("neq", "2", 2, false)]
    [InlineData("lt", "2", 1, true)]
    [InlineData("lt", "2", 2, false)]
    [InlineData("lteq", "2", 2, true)]
    [InlineData("lteq", "2", 3, false)]
    [InlineData("gt", "2", 3, true)]
    [InlineData("gt", "2", 2, false)]
    [InlineData("gteq", "2", 2, true)]
    [InlineData("gteq", "2", 1, false)]
    [InlineData("isA", "2", 2, true)]
    [InlineData("isA", "2", 1, false)]
    [InlineData("isAnyOf", "[1, 2]", 2, true)]
    [InlineData("isAnyOf", "[1, 2]", 3, false)]
    [InlineData("isNoneOf", "[1, 2]", 3, true)]
    [InlineData("isNoneOf", "[1, 2]", 2, false)]
    [InlineData("isPartOf", "[1, 2]", 1, true)]
    [InlineData("isPartOf", "[1, 2]", 3, false)]
    [InlineData("isAllOf", "[2]", 2, true)]
    [InlineData("isAllOf", "[1, 2]", 2, false)]
    [InlineData("hasPart", "[2]", 2, true)]
    [InlineData("hasPart", "[1, 2]", 2, false)]
    public void Evaluate_IntegerOperator_ComparesClassificationLevel(string op, string right, long actual, bool permitted)
    {
        var decision = Requests.Evaluate(
            $$"""{"leftOperand": "dsc:classificationLevel", "operator": "{{op}}", "rightOperand": {{right}}}""",
            Requests.Aggregate with { ClassificationLevel = actual });

        Assert.Equal(permitted, decision.IsPermitted);
    }

    [Theory]
    [InlineData("lteq", "1.0", 0.5, true)]
    [InlineData("lteq", "1.0", 1.5, false)]
    [InlineData("lt", "1.0", 1.0, false)]
    [InlineData("eq", "0.5", 0.5, true)]
    [InlineData("gt", "0.1", 0.05, false)]
    public void Evaluate_DecimalOperator_ComparesEpsilon(string op, string right, double actual, bool permitted)
    {
        var decision = Requests.Evaluate(
            $$"""{"leftOperand": "dsc:epsilon", "operator": "{{op}}", "rightOperand": {{right}}}""",
            Requests.Aggregate with { Epsilon = actual });

        Assert.Equal(permitted, decision.IsPermitted);
    }

    [Theory]
    [InlineData("eq", "\"research\"", "research", true)]
    [InlineData("eq", "\"research\"", "marketing", false)]
    [InlineData("neq", "\"marketing\"", "research", true)]
    [InlineData("neq", "\"research\"", "research", false)]
    [InlineData("isA", "\"research\"", "research", true)]
    [InlineData("isA", "\"research\"", "marketing", false)]
    [InlineData("isAnyOf", "[\"research\", \"statistics\"]", "statistics", true)]
    [InlineData("isAnyOf", "[\"research\", \"statistics\"]", "marketing", false)]
    [InlineData("isNoneOf", "[\"marketing\"]", "research", true)]
    [InlineData("isNoneOf", "[\"marketing\"]", "marketing", false)]
    [InlineData("isPartOf", "[\"research\", \"statistics\"]", "research", true)]
    [InlineData("isPartOf", "[\"statistics\"]", "research", false)]
    [InlineData("isAllOf", "[\"research\"]", "research", true)]
    [InlineData("isAllOf", "[\"research\", \"statistics\"]", "research", false)]
    [InlineData("hasPart", "\"research\"", "research", true)]
    [InlineData("hasPart", "\"statistics\"", "research", false)]
    public void Evaluate_StringOperator_ComparesPurpose(string op, string right, string actual, bool permitted)
    {
        var decision = Requests.Evaluate(
            $$"""{"leftOperand": "purpose", "operator": "{{op}}", "rightOperand": {{right}}}""",
            Requests.Aggregate with { Purpose = actual });

        Assert.Equal(permitted, decision.IsPermitted);
    }

    [Theory]
    [InlineData("lt")]
    [InlineData("gteq")]
    public void Evaluate_OrderingOperatorOnString_DeniesFailClosed(string op)
    {
        var decision = Requests.Evaluate(
            $$"""{"leftOperand": "purpose", "operator": "{{op}}", "rightOperand": "research"}""", Requests.Aggregate);

        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(ReasonKind.Unsupported, reason.Kind);
        Assert.Equal($"permission[0].constraint[0]: purpose {op} research: operator {op} cannot order these values (actual research); denied (fail closed)", reason.ToString());
    }

    [Theory]
    [InlineData("isPartOf", "[\"region\", \"income\", \"age_band\"]", "region,income", true)]
    [InlineData("isPartOf", "[\"region\", \"income\", \"age_band\"]", "region,ssn", false)]
    [InlineData("hasPart", "[\"region\"]", "region,income", true)]
    [InlineData("hasPart", "[\"region\"]", "income", false)]
    [InlineData("isAllOf", "[\"region\", \"income\"]", "income,region", true)]
    [InlineData("isAllOf", "[\"region\", \"income\"]", "region", false)]
    [InlineData("isAllOf", "[\"region\", \"income\"]", "region,income,ssn", false)]
    [InlineData("isAnyOf", "[\"region\", \"income\"]", "region", true)]
    [InlineData("isAnyOf", "[\"region\", \"income\"]", "region,ssn", false)]
    [InlineData("isNoneOf", "[\"ssn\"]", "region,income", true)]
    [InlineData("isNoneOf", "[\"ssn\"]", "region,ssn", false)]
    [InlineData("eq", "[\"region\", \"income\"]", "income,region", true)]
    [InlineData("eq", "[\"region\", \"income\"]", "income", false)]
    [InlineData("neq", "[\"ssn\"]", "region", true)]
    [InlineData("neq", "[\"region\"]", "region", false)]
    [InlineData("isA", "[\"region\"]", "region", true)]
    [InlineData("isA", "[\"region\"]", "income", false)]
    public void Evaluate_SetOperator_ComparesColumns(string op, string right, string columns, bool permitted)
    {
        var decision = Requests.Evaluate(
            $$"""{"leftOperand": "dsc:column", "operator": "{{op}}", "rightOperand": {{right}}}""",
            Requests.Aggregate with { Columns = columns.Split(',') });

        Assert.Equal(permitted, decision.IsPermitted);
    }

    [Theory]
    [InlineData("lt", "2027-01-01T00:00:00Z", true)]
    [InlineData("lt", "2026-06-01T12:00:00Z", false)]
    [InlineData("lteq", "2026-06-01T12:00:00Z", true)]
    [InlineData("lteq", "2026-06-01T11:59:59Z", false)]
    [InlineData("gt", "2026-01-01T00:00:00Z", true)]
    [InlineData("gt", "2026-06-01T12:00:00Z", false)]
    [InlineData("gteq", "2026-06-01T12:00:00Z", true)]
    [InlineData("gteq", "2026-06-01T12:00:01Z", false)]
    [InlineData("eq", "2026-06-01T14:00:00+02:00", true)]
    [InlineData("eq", "2026-06-01T12:00:00+02:00", false)]
    [InlineData("neq", "2026-01-01T00:00:00Z", true)]
    [InlineData("neq", "2026-06-01T12:00:00Z", false)]
    public void Evaluate_DateTimeOperator_ComparesClock(string op, string right, bool permitted)
    {
        var decision = Requests.Evaluate(
            $$$"""{"leftOperand": "dateTime", "operator": "{{{op}}}", "rightOperand": {"@value": "{{{right}}}", "@type": "xsd:dateTime"}}""",
            Requests.Aggregate);

        Assert.Equal(permitted, decision.IsPermitted);
    }

    [Theory]
    [InlineData("lteq", "P30D", 30, true)]
    [InlineData("lteq", "P30D", 31, false)]
    [InlineData("lt", "PT1H", 0, true)]
    [InlineData("gt", "P1D", 0, false)]
    [InlineData("lteq", "P1M", 20, true)]
    [InlineData("lteq", "P1M", 40, false)]
    [InlineData("eq", "P10D", 10, true)]
    [InlineData("neq", "P10D", 10, false)]
    public void Evaluate_DurationOperator_ComparesElapsedTime(string op, string right, int days, bool permitted)
    {
        var decision = Requests.Evaluate(
            $$$"""{"leftOperand": "elapsedTime", "operator": "{{{op}}}", "rightOperand": {"@value": "{{{right}}}", "@type": "xsd:duration"}}""",
            Requests.Aggregate with { Elapsed = TimeSpan.FromDays(days) });

        Assert.Equal(permitted, decision.IsPermitted);
    }

    [Fact]
    public void Evaluate_MonthDurationBetweenShortAndLongMonth_DeniesAsUndecided()
    {
        var decision = Requests.Evaluate(
            """{"leftOperand": "elapsedTime", "operator": "lteq", "rightOperand": {"@value": "P1M", "@type": "xsd:duration"}}""",
            Requests.Aggregate with { Elapsed = TimeSpan.FromDays(30) });

        Assert.Equal(ReasonKind.Unsupported, Assert.Single(decision.Reasons).Kind);
    }

    [Theory]
    [InlineData("dsc:aggregate")]
    [InlineData("https://dataspace.example/odrl/profile#aggregate")]
    public void Evaluate_OutputKindCompactOrFullIri_MatchesProfileTerm(string outputKind)
    {
        var decision = Requests.Evaluate(
            """{"leftOperand": "dsc:outputKind", "operator": "isAnyOf", "rightOperand": ["dsc:aggregate"]}""",
            Requests.Aggregate with { OutputKind = outputKind });

        Assert.True(decision.IsPermitted, decision.ToString());
    }

    [Fact]
    public void Evaluate_CountAtLimit_PermitsThenDenies()
    {
        const string Constraint = """{"leftOperand": "count", "operator": "lteq", "rightOperand": 10}""";

        Assert.True(Requests.Evaluate(Constraint, Requests.Aggregate with { UseCount = 10 }).IsPermitted);
        Assert.Equal("permission[0].constraint[0]: count lteq 10, actual 11",
            Assert.Single(Requests.Evaluate(Constraint, Requests.Aggregate with { UseCount = 11 }).Reasons).ToString());
    }
}

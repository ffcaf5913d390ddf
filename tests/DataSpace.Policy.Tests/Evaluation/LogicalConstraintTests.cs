namespace DataSpace.Policy.Tests.Evaluation;

/// <summary>Logical constraints (ODRL IM §2.6): and, or, xone, andSequence.</summary>
public sealed class LogicalConstraintTests
{
    private const string Research = """{"leftOperand": "purpose", "operator": "eq", "rightOperand": "research"}""";
    private const string Statistics = """{"leftOperand": "purpose", "operator": "eq", "rightOperand": "statistics"}""";
    private const string LevelAtMost2 = """{"leftOperand": "dsc:classificationLevel", "operator": "lteq", "rightOperand": 2}""";
    private const string Unknown = """{"leftOperand": "http://example.com/unknown", "operator": "eq", "rightOperand": "x"}""";

    [Theory]
    [InlineData("or", Research + "," + Statistics, "research", true)]
    [InlineData("or", Research + "," + Statistics, "marketing", false)]
    [InlineData("xone", Research + "," + Statistics, "research", true)]
    [InlineData("xone", Research + "," + LevelAtMost2, "research", false)]
    [InlineData("xone", Research + "," + Statistics, "marketing", false)]
    [InlineData("and", Research + "," + LevelAtMost2, "research", true)]
    [InlineData("and", Research + "," + LevelAtMost2, "marketing", false)]
    [InlineData("andSequence", LevelAtMost2 + "," + Research, "research", true)]
    [InlineData("andSequence", LevelAtMost2 + "," + Research, "marketing", false)]
    public void Evaluate_LogicalConstraint_CombinesOperands(string op, string operands, string purpose, bool permitted)
    {
        var decision = Requests.Evaluate($$"""{"{{op}}": [{{operands}}]}""", Requests.Aggregate with { Purpose = purpose });

        Assert.Equal(permitted, decision.IsPermitted);
    }

    [Fact]
    public void Evaluate_OrWithUnknownOperand_DeniesEvenWhenAnotherHolds()
    {
        var decision = Requests.Evaluate($$"""{"or": [{{Research}}, {{Unknown}}]}""", Requests.Aggregate);

        Assert.False(decision.IsPermitted);
        Assert.Contains(decision.Reasons, r => r.ToString() ==
            "permission[0].constraint[0].or[1]: unknown left operand 'http://example.com/unknown'; denied (fail closed)");
    }

    [Fact]
    public void Evaluate_XoneWithTwoSatisfied_SaysHowMany()
    {
        var decision = Requests.Evaluate($$"""{"xone": [{{Research}}, {{LevelAtMost2}}]}""", Requests.Aggregate);

        Assert.Equal("permission[0].constraint[0]: xone: exactly one operand must be satisfied, actual 2", Assert.Single(decision.Reasons).ToString());
    }

    [Fact]
    public void Evaluate_OrNoneSatisfied_ExplainsEachOperand()
    {
        var decision = Requests.Evaluate($$"""{"or": [{{Research}}, {{Statistics}}]}""", Requests.Aggregate with { Purpose = "marketing" });

        Assert.Equal(
            [
                "permission[0].constraint[0]: or: none of the operands is satisfied",
                "permission[0].constraint[0].or[0]: purpose eq research, actual marketing",
                "permission[0].constraint[0].or[1]: purpose eq statistics, actual marketing",
            ],
            decision.Reasons.Select(r => r.ToString()));
    }
}

namespace DataSpace.Policy.Evaluation;

/// <summary>A check that can never be decided (unknown left operand, unsupported value, unknown duty): it always denies.</summary>
internal sealed class FailClosedCheck(string path, string reason) : ConstraintCheck(path, reason)
{
    public override CheckOutcome Test(EvaluationRequest request) => CheckOutcome.Unsupported;

    public override CheckOutcome? Conclude(ConclusionFacts facts, List<DecisionReason> reasons)
    {
        Explain(facts.Request, reasons);
        return CheckOutcome.Unsupported;
    }

    protected override string Actual(EvaluationRequest request) => "";

    protected override string UnsupportedReason(EvaluationRequest request) => Expected;
}

using DataSpace.Policy.Model;

namespace DataSpace.Policy.Evaluation;

/// <summary>
/// A logical constraint (ODRL IM §2.6). and/andSequence: every operand satisfied (andSequence in order);
/// or: at least one; xone: exactly one. An operand that is missing or unsupported denies the whole
/// constraint whatever the others say (fail closed), so an unknown operand never hides inside an <c>or</c>.
/// </summary>
internal sealed class LogicalCheck(string path, LogicalOperator op, ConstraintCheck[] operands)
    : ConstraintCheck(path, Vocabulary.LogicalOperators.IriOf(op)[PolicyNamespaces.Odrl.Length..])
{
    public override CheckOutcome Test(EvaluationRequest request)
    {
        var satisfied = 0;
        foreach (var operand in operands)
        {
            var outcome = operand.Test(request);
            if (outcome is CheckOutcome.Missing or CheckOutcome.Unsupported)
            {
                return outcome;
            }

            if (outcome == CheckOutcome.Satisfied)
            {
                satisfied++;
            }
        }

        var result = op switch
        {
            LogicalOperator.Or => satisfied > 0,
            LogicalOperator.Xone => satisfied == 1,
            _ => satisfied == operands.Length,
        };
        return result ? CheckOutcome.Satisfied : CheckOutcome.Violated;
    }

    public override void Explain(EvaluationRequest request, List<DecisionReason> reasons)
    {
        var outcome = Test(request);
        if (outcome == CheckOutcome.Satisfied)
        {
            return;
        }

        if (outcome == CheckOutcome.Violated && op is LogicalOperator.Or or LogicalOperator.Xone)
        {
            var satisfied = operands.Count(o => o.Test(request) == CheckOutcome.Satisfied);
            reasons.Add(new DecisionReason(Path, ReasonKind.ConstraintNotSatisfied, op == LogicalOperator.Or
                ? "or: none of the operands is satisfied"
                : $"xone: exactly one operand must be satisfied, actual {satisfied}"));
            if (satisfied > 0)
            {
                return;
            }
        }

        foreach (var operand in operands)
        {
            operand.Explain(request, reasons);
        }
    }

    protected override string Actual(EvaluationRequest request) => "";
}

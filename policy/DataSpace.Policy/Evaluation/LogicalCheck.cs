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

    /// <summary>
    /// Unsupported when an operand always is (the whole constraint then is, whatever the others say); otherwise
    /// decided only when every operand is.
    /// </summary>
    public override CheckOutcome? Conclude(ConclusionFacts facts, List<DecisionReason> reasons)
    {
        var own = new List<DecisionReason>();
        var satisfied = 0;
        var undecided = false;
        foreach (var operand in operands)
        {
            switch (operand.Conclude(facts, own))
            {
                case CheckOutcome.Unsupported:
                    reasons.AddRange(own);
                    return CheckOutcome.Unsupported;
                case CheckOutcome.Satisfied:
                    satisfied++;
                    break;
                case null:
                    undecided = true;
                    break;
            }
        }

        if (undecided)
        {
            return null;
        }

        var holds = op switch
        {
            LogicalOperator.Or => satisfied > 0,
            LogicalOperator.Xone => satisfied == 1,
            _ => satisfied == operands.Length,
        };
        if (holds)
        {
            return CheckOutcome.Satisfied;
        }

        reasons.Add(new DecisionReason(Path, ReasonKind.ConstraintNotSatisfied, op switch
        {
            LogicalOperator.Or => "or: none of the operands can be satisfied under this agreement",
            LogicalOperator.Xone => $"xone: exactly one operand must be satisfied, under this agreement {satisfied}",
            _ => $"{Expected}: an operand can never be satisfied under this agreement",
        }));
        reasons.AddRange(own);
        return CheckOutcome.Violated;
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

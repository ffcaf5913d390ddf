using DataSpace.Policy.Model;

namespace DataSpace.Policy.Evaluation;

/// <summary>
/// The twelve ODRL operators over a left value (one value, or a set such as columns) and a right operand
/// (one value or a list), for any value kind: subclasses say how to read and compare the values.
/// A single left value is the set of that value; ordering operators need single values on both sides.
/// </summary>
internal abstract class ValueCheck(string path, Constraint constraint, int rightCount)
    : ConstraintCheck(path, $"{Terms.Compact(constraint.LeftOperandIri)} {Terms.Operator(constraint.Operator)} {Terms.Value(constraint.RightOperand)}")
{
    private readonly ConstraintOperator _operator = constraint.Operator;
    private readonly bool _rightIsList = constraint.RightOperand?.Kind == RightOperandKind.List;

    protected ConstraintOperator Operator => _operator;

    /// <summary>True when the right operand is one value, not a list.</summary>
    protected bool RightIsSingle => !_rightIsList && RightCount == 1;

    protected int RightCount { get; } = rightCount;

    public override CheckOutcome Test(EvaluationRequest request)
    {
        if (!HasValue(request))
        {
            return MissingOutcome;
        }

        var leftCount = LeftCount(request);
        switch (_operator)
        {
            case ConstraintOperator.Eq or ConstraintOperator.Neq or ConstraintOperator.Lt or ConstraintOperator.Lteq
                or ConstraintOperator.Gt or ConstraintOperator.Gteq when leftCount == 1 && !_rightIsList && RightCount == 1:
                var comparison = Compare(request);
                if (comparison is not { } cmp)
                {
                    return CheckOutcome.Unsupported;
                }

                return Outcome(_operator switch
                {
                    ConstraintOperator.Eq => cmp == 0,
                    ConstraintOperator.Neq => cmp != 0,
                    ConstraintOperator.Lt => cmp < 0,
                    ConstraintOperator.Lteq => cmp <= 0,
                    ConstraintOperator.Gt => cmp > 0,
                    _ => cmp >= 0,
                });
            case ConstraintOperator.Lt or ConstraintOperator.Lteq or ConstraintOperator.Gt or ConstraintOperator.Gteq:
                return CheckOutcome.Unsupported;
            case ConstraintOperator.Eq or ConstraintOperator.IsA or ConstraintOperator.IsAllOf:
                return Outcome(LeftInRight(request, leftCount) && RightInLeft(request, leftCount));
            case ConstraintOperator.Neq:
                return Outcome(!(LeftInRight(request, leftCount) && RightInLeft(request, leftCount)));
            case ConstraintOperator.HasPart:
                return Outcome(RightInLeft(request, leftCount));
            case ConstraintOperator.IsPartOf:
                return Outcome(LeftInRight(request, leftCount));
            case ConstraintOperator.IsAnyOf:
                return Outcome(leftCount > 0 && LeftInRight(request, leftCount));
            default:
                return Outcome(NoneInRight(request, leftCount));
        }
    }

    /// <summary>What a missing left value means; <see cref="CheckOutcome.Missing"/> unless the constraint is an obligation.</summary>
    protected virtual CheckOutcome MissingOutcome => CheckOutcome.Missing;

    protected abstract bool HasValue(EvaluationRequest request);

    protected abstract int LeftCount(EvaluationRequest request);

    protected abstract bool ItemEquals(EvaluationRequest request, int left, int right);

    /// <summary>Compares the single left value with the single right value; null when they cannot be ordered.</summary>
    protected abstract int? Compare(EvaluationRequest request);

    protected override string UnsupportedReason(EvaluationRequest request) =>
        $"{Expected}: operator {Terms.Operator(_operator)} cannot order these values (actual {Actual(request)})";

    private static CheckOutcome Outcome(bool satisfied) => satisfied ? CheckOutcome.Satisfied : CheckOutcome.Violated;

    private bool LeftInRight(EvaluationRequest request, int leftCount)
    {
        for (var i = 0; i < leftCount; i++)
        {
            if (!RightContains(request, i))
            {
                return false;
            }
        }

        return true;
    }

    private bool NoneInRight(EvaluationRequest request, int leftCount)
    {
        for (var i = 0; i < leftCount; i++)
        {
            if (RightContains(request, i))
            {
                return false;
            }
        }

        return true;
    }

    private bool RightInLeft(EvaluationRequest request, int leftCount)
    {
        for (var j = 0; j < RightCount; j++)
        {
            var found = false;
            for (var i = 0; i < leftCount && !found; i++)
            {
                found = ItemEquals(request, i, j);
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private bool RightContains(EvaluationRequest request, int left)
    {
        for (var j = 0; j < RightCount; j++)
        {
            if (ItemEquals(request, left, j))
            {
                return true;
            }
        }

        return false;
    }
}

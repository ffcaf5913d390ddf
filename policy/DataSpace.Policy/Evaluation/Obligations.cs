using DataSpace.Policy.Model;

namespace DataSpace.Policy.Evaluation;

/// <summary>
/// The obligations of a permission, gathered once: its top-level <c>dsc:groupSize</c>, <c>dsc:epsilon</c> and
/// <c>dsc:delta</c> bounds, its duties, and the policy's own obligations.
/// </summary>
internal static class Obligations
{
    public static ValueList<Obligation> For(OdrlPolicy policy, Rule permission, string path)
    {
        var obligations = new List<Obligation>();
        for (var i = 0; i < permission.Constraints.Count; i++)
        {
            if (permission.Constraints[i] is Constraint { RightOperand: { Kind: RightOperandKind.Integer or RightOperandKind.Decimal } right } constraint
                && FromConstraint(constraint, right) is { } obligation)
            {
                obligations.Add(obligation with { Source = $"{path}.constraint[{i}]" });
            }
        }

        for (var i = 0; i < permission.Duties.Count; i++)
        {
            obligations.Add(FromDuty(permission.Duties[i], $"{path}.duty[{i}]"));
        }

        for (var i = 0; i < policy.Obligations.Count; i++)
        {
            obligations.Add(FromDuty(policy.Obligations[i], $"obligation[{i}]"));
        }

        return [.. obligations];
    }

    private static Obligation? FromConstraint(Constraint constraint, RightOperand right)
    {
        var value = right.Kind == RightOperandKind.Integer ? right.Integer : right.Decimal;
        return constraint.LeftOperand switch
        {
            LeftOperand.GroupSize when ConstraintCompiler.IsMinimumGroupSize(constraint) => new Obligation
            {
                Kind = ObligationKind.MinimumGroupSize,
                Source = "",
                Value = constraint.Operator == ConstraintOperator.Gt ? Math.Floor(value) + 1 : value,
            },
            LeftOperand.Epsilon when IsUpperBound(constraint) => new Obligation { Kind = ObligationKind.SpendEpsilon, Source = "", Value = value },
            LeftOperand.Delta when IsUpperBound(constraint) => new Obligation { Kind = ObligationKind.SpendDelta, Source = "", Value = value },
            _ => null,
        };
    }

    private static bool IsUpperBound(Constraint constraint) =>
        constraint.Operator is ConstraintOperator.Lteq or ConstraintOperator.Lt or ConstraintOperator.Eq;

    private static Obligation FromDuty(Rule duty, string path) => new()
    {
        Kind = duty.Action.Kind switch
        {
            ActionKind.AcceptTracking => ObligationKind.Log,
            ActionKind.Inform => ObligationKind.NotifySupplier,
            ActionKind.ReviewPolicy => ObligationKind.ReviewBeforeRelease,
            ActionKind.Compensate => ObligationKind.Compensate,
            _ => ObligationKind.Perform,
        },
        Source = path,
        ActionIri = duty.Action.Iri,
        Duty = duty,
    };
}

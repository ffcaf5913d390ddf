using DataSpace.Policy.Model;

namespace DataSpace.Connector.Jobs;

/// <summary>
/// The number of uses an agreement's policy permits, read from its <c>count</c> constraints (ODRL 2.2 §"count": the
/// job's use is the policy's count, <c>uses + 1</c> at admission, see <see cref="JobAdmission"/>). A permission bounds the
/// count with <c>lteq n</c> or <c>eq n</c> (n uses) or <c>lt n</c> (n − 1); its constraints are a conjunction, so the
/// tightest bound holds; <c>or</c>/<c>xone</c> alternatives hold the loosest. A job is permitted by any permission, so the
/// policy's limit is the largest of its permissions', and none (null) when one permission sets no bound.
/// </summary>
internal static class UseLimit
{
    /// <summary>The most uses <paramref name="policy"/> permits; null when unbounded; 0 when it has no permission.</summary>
    public static long? Of(OdrlPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        long? limit = 0;
        foreach (var permission in policy.Permissions)
        {
            var bound = All(permission.Constraints);
            if (bound is null)
            {
                return null;
            }

            limit = Math.Max(limit!.Value, bound.Value);
        }

        return limit;
    }

    /// <summary>The tightest bound of constraints that must all hold; null when none bounds the count.</summary>
    private static long? All(IEnumerable<ConstraintNode> nodes)
    {
        long? limit = null;
        foreach (var node in nodes)
        {
            if (Of(node) is { } bound)
            {
                limit = limit is { } known ? Math.Min(known, bound) : bound;
            }
        }

        return limit;
    }

    /// <summary>The loosest bound of alternatives, one of which must hold; null when one does not bound the count.</summary>
    private static long? Any(IEnumerable<ConstraintNode> nodes)
    {
        long? limit = null;
        foreach (var node in nodes)
        {
            if (Of(node) is not { } bound)
            {
                return null;
            }

            limit = limit is { } known ? Math.Max(known, bound) : bound;
        }

        return limit;
    }

    private static long? Of(ConstraintNode node) => node switch
    {
        LogicalConstraint { Operator: LogicalOperator.And or LogicalOperator.AndSequence } logical => All(logical.Operands),
        LogicalConstraint logical => Any(logical.Operands),
        Constraint { LeftOperand: LeftOperand.Count, RightOperand: { Kind: RightOperandKind.Integer } right } constraint => constraint.Operator switch
        {
            ConstraintOperator.Lteq or ConstraintOperator.Eq => Math.Max(right.Integer, 0),
            ConstraintOperator.Lt => Math.Max(right.Integer - 1, 0),
            _ => null,
        },
        _ => null,
    };
}

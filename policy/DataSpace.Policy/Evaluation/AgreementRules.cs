using System.Globalization;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.Evaluation;

/// <summary>
/// Rules an agreement must meet before it is signed, from the public-data specification (seed 002, art. 14, 21):
/// it is an Agreement with an assignee, and every permission ends (a <c>dateTime</c> lt/lteq/eq bound, or an
/// <c>elapsedTime</c> lt/lteq/eq bound counted from the start) no more than five years after the start.
/// </summary>
public static class AgreementRules
{
    public const int MaxValidityYears = 5;

    /// <summary>Returns every reason the agreement is refused; empty when it is acceptable.</summary>
    public static ValueList<DecisionReason> Check(OdrlPolicy agreement, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        var reasons = new List<DecisionReason>();
        if (agreement.Type != PolicyType.Agreement)
        {
            reasons.Add(new DecisionReason("$", ReasonKind.Unsupported, $"an agreement must be of type Agreement, actual {agreement.Type}"));
        }

        var limit = start.AddYears(MaxValidityYears);
        for (var i = 0; i < agreement.Permissions.Count; i++)
        {
            var permission = agreement.Permissions[i];
            if ((permission.Assignee ?? agreement.Assignee)?.Uid is null)
            {
                reasons.Add(new DecisionReason($"permission[{i}]", ReasonKind.AssigneeMismatch, "an agreement names its party: the permission has no assignee"));
            }

            var end = End(permission, start, out var endPath);
            if (end is null)
            {
                reasons.Add(new DecisionReason($"permission[{i}]", ReasonKind.ValidityTooLong,
                    $"no end of validity (a dateTime or elapsedTime upper bound); an agreement is valid for at most {MaxValidityYears} years"));
            }
            else if (end.Value > limit)
            {
                reasons.Add(new DecisionReason($"permission[{i}].{endPath}", ReasonKind.ValidityTooLong,
                    $"ends {Format(end.Value)}, more than {MaxValidityYears} years after the start {Format(start)} (at most {Format(limit)})"));
            }
        }

        return [.. reasons];
    }

    /// <summary>The earliest end a top-level constraint of <paramref name="permission"/> sets, with its path.</summary>
    private static DateTimeOffset? End(Rule permission, DateTimeOffset start, out string path)
    {
        DateTimeOffset? end = null;
        path = "";
        for (var i = 0; i < permission.Constraints.Count; i++)
        {
            if (permission.Constraints[i] is not Constraint
                {
                    Operator: ConstraintOperator.Lt or ConstraintOperator.Lteq or ConstraintOperator.Eq,
                    RightOperand: { } right,
                } constraint)
            {
                continue;
            }

            DateTimeOffset? candidate = (constraint.LeftOperand, right.Kind) switch
            {
                (LeftOperand.DateTime, RightOperandKind.DateTime) => right.DateTime,
                (LeftOperand.ElapsedTime, RightOperandKind.Duration) when !right.Duration.Negative
                    => start.AddMonths(right.Duration.Months).Add(right.Duration.Time),
                _ => null,
            };
            if (candidate is { } value && (end is null || value < end))
            {
                end = value;
                path = $"constraint[{i}]";
            }
        }

        return end;
    }

    private static string Format(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

using System.Globalization;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.Evaluation;

/// <summary>A constraint on <c>dateTime</c>: the request's time (UTC, from the caller's clock) against instants.</summary>
internal sealed class DateTimeCheck(string path, Constraint constraint, DateTimeOffset[] right) : ValueCheck(path, constraint, right.Length)
{
    /// <summary>
    /// Decided over the agreement's whole window [from, until): Satisfied when every instant in it satisfies the
    /// constraint, Violated when none does; null when some do (or for lists and set operators).
    /// </summary>
    public override CheckOutcome? Conclude(ConclusionFacts facts, List<DecisionReason> reasons)
    {
        if (!RightIsSingle)
        {
            return null;
        }

        var (from, until, bound) = (facts.From, facts.Until, right[0]);
        (bool Never, bool Always)? window = Operator switch
        {
            ConstraintOperator.Lt => (from >= bound, until <= bound),
            ConstraintOperator.Lteq => (from > bound, until <= bound),
            ConstraintOperator.Gt => (until <= bound, from > bound),
            ConstraintOperator.Gteq => (until <= bound, from >= bound),
            ConstraintOperator.Eq => (bound < from || bound >= until, false),
            ConstraintOperator.Neq => (false, bound < from || bound >= until),
            _ => null,
        };
        if (window is not { } answer || (!answer.Never && !answer.Always))
        {
            return null;
        }

        if (answer.Never)
        {
            reasons.Add(new DecisionReason(Path, ReasonKind.ConstraintNotSatisfied,
                $"{Expected}, never between the agreement's start {Format(from)} and its end {Format(until)}"));
            return CheckOutcome.Violated;
        }

        return CheckOutcome.Satisfied;
    }

    protected override bool HasValue(EvaluationRequest request) => true;

    protected override int LeftCount(EvaluationRequest request) => 1;

    protected override bool ItemEquals(EvaluationRequest request, int left, int index) => request.Now == right[index];

    protected override int? Compare(EvaluationRequest request) => request.Now.CompareTo(right[0]);

    protected override string Actual(EvaluationRequest request) => Format(request.Now);

    private static string Format(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

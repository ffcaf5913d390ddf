using System.Globalization;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.Evaluation;

/// <summary>
/// A constraint on <c>elapsedTime</c>: the time since the agreement started against <c>xsd:duration</c>s.
/// A duration with months or years is compared against its shortest (28-day) and longest (31-day) reading;
/// when the two disagree the comparison is undecided and denies (fail closed).
/// </summary>
internal sealed class DurationCheck(string path, Constraint constraint, XsdDuration[] right) : ValueCheck(path, constraint, right.Length)
{
    private static readonly TimeSpan ShortMonth = TimeSpan.FromDays(28);
    private static readonly TimeSpan LongMonth = TimeSpan.FromDays(31);

    protected override bool HasValue(EvaluationRequest request) => request.Elapsed.HasValue;

    protected override int LeftCount(EvaluationRequest request) => 1;

    protected override bool ItemEquals(EvaluationRequest request, int left, int index) =>
        right[index].Months == 0 && request.Elapsed!.Value == Exact(right[index], TimeSpan.Zero);

    protected override int? Compare(EvaluationRequest request)
    {
        var elapsed = request.Elapsed!.Value;
        var shortest = elapsed.CompareTo(Exact(right[0], right[0].Negative ? LongMonth : ShortMonth));
        var longest = elapsed.CompareTo(Exact(right[0], right[0].Negative ? ShortMonth : LongMonth));
        return Math.Sign(shortest) == Math.Sign(longest) ? shortest : null;
    }

    protected override string Actual(EvaluationRequest request) =>
        request.Elapsed is { } elapsed ? elapsed.ToString("c", CultureInfo.InvariantCulture) : "missing";

    private static TimeSpan Exact(XsdDuration duration, TimeSpan month)
    {
        var length = duration.Time + (month * duration.Months);
        return duration.Negative ? -length : length;
    }
}

using System.Globalization;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.Evaluation;

/// <summary>A constraint on <c>dateTime</c>: the request's time (UTC, from the caller's clock) against instants.</summary>
internal sealed class DateTimeCheck(string path, Constraint constraint, DateTimeOffset[] right) : ValueCheck(path, constraint, right.Length)
{
    protected override bool HasValue(EvaluationRequest request) => true;

    protected override int LeftCount(EvaluationRequest request) => 1;

    protected override bool ItemEquals(EvaluationRequest request, int left, int index) => request.Now == right[index];

    protected override int? Compare(EvaluationRequest request) => request.Now.CompareTo(right[0]);

    protected override string Actual(EvaluationRequest request) =>
        request.Now.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

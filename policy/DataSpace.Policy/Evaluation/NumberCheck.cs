using System.Globalization;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.Evaluation;

/// <summary>A constraint on a number: <c>count</c>, <c>dsc:groupSize</c>, <c>dsc:classificationLevel</c>, <c>dsc:epsilon</c>, <c>dsc:delta</c>.</summary>
internal sealed class NumberCheck(string path, Constraint constraint, double[] right, bool missingIsObligation)
    : ValueCheck(path, constraint, right.Length)
{
    private readonly LeftOperand _operand = constraint.LeftOperand;

    protected override CheckOutcome MissingOutcome => missingIsObligation ? CheckOutcome.Satisfied : CheckOutcome.Missing;

    protected override bool HasValue(EvaluationRequest request) => Read(request).HasValue;

    protected override int LeftCount(EvaluationRequest request) => 1;

    protected override bool ItemEquals(EvaluationRequest request, int left, int index) => Read(request) == right[index];

    protected override int? Compare(EvaluationRequest request) =>
        Read(request) is { } value && !double.IsNaN(value) ? value.CompareTo(right[0]) : null;

    protected override string Actual(EvaluationRequest request) =>
        Read(request)?.ToString(CultureInfo.InvariantCulture) ?? "missing";

    private double? Read(EvaluationRequest request) => _operand switch
    {
        LeftOperand.Count => request.UseCount,
        LeftOperand.GroupSize => request.GroupSize,
        LeftOperand.ClassificationLevel => request.ClassificationLevel,
        LeftOperand.Epsilon => request.Epsilon,
        LeftOperand.Delta => request.Delta,
        _ => null,
    };
}

using DataSpace.Policy.Model;

namespace DataSpace.Policy.Evaluation;

/// <summary>
/// A constraint on strings or IRIs: <c>purpose</c>, <c>recipient</c>, <c>spatial</c>, <c>dsc:moduleDigest</c>,
/// <c>dsc:outputKind</c> (one value) and <c>dsc:column</c>, <c>dsc:linkedDataset</c>, <c>dsc:filterColumn</c>,
/// <c>dsc:filterOperator</c> (sets; a request without filters has empty filter sets). Compared ordinally;
/// a <c>dsc:</c> or <c>odrl:</c> term equals its full IRI. Strings have no order, so lt/gt deny.
/// </summary>
internal sealed class TextCheck(string path, Constraint constraint, string[] right) : ValueCheck(path, constraint, right.Length)
{
    private readonly LeftOperand _operand = constraint.LeftOperand;
    private readonly bool _equalityOnly = constraint.Operator is ConstraintOperator.Eq or ConstraintOperator.Neq;

    /// <summary>The purpose is fixed by the agreement, so a purpose constraint is decided when it is concluded.</summary>
    public override CheckOutcome? Conclude(ConclusionFacts facts, List<DecisionReason> reasons)
    {
        if (_operand != LeftOperand.Purpose)
        {
            return null;
        }

        var outcome = Test(facts.Request);
        if (outcome != CheckOutcome.Satisfied)
        {
            Explain(facts.Request, reasons);
        }

        return outcome;
    }

    protected override bool HasValue(EvaluationRequest request) =>
        IsSet ? ReadSet(request) is not null : ReadOne(request) is not null;

    protected override int LeftCount(EvaluationRequest request) => IsSet ? ReadSet(request)!.Count : 1;

    protected override bool ItemEquals(EvaluationRequest request, int left, int index) =>
        Terms.SameTerm(right[index], IsSet ? ReadSet(request)![left] : ReadOne(request)!);

    /// <summary>Strings are only equal or not: eq and neq compare, the ordering operators are undecidable.</summary>
    protected override int? Compare(EvaluationRequest request) =>
        _equalityOnly ? (ItemEquals(request, 0, 0) ? 0 : 1) : null;

    protected override string Actual(EvaluationRequest request) =>
        IsSet ? (ReadSet(request) is { } set ? "[" + string.Join(", ", set) + "]" : "missing") : ReadOne(request) ?? "missing";

    private bool IsSet => _operand is LeftOperand.Column or LeftOperand.LinkedDataset or LeftOperand.FilterColumn or LeftOperand.FilterOperator;

    private string? ReadOne(EvaluationRequest request) => _operand switch
    {
        LeftOperand.Purpose => request.Purpose,
        LeftOperand.Recipient => request.Recipient,
        LeftOperand.Spatial => request.Spatial,
        LeftOperand.ModuleDigest => request.ModuleDigest,
        LeftOperand.OutputKind => request.OutputKind,
        _ => null,
    };

    private IReadOnlyList<string>? ReadSet(EvaluationRequest request) => _operand switch
    {
        LeftOperand.Column => request.Columns,
        LeftOperand.LinkedDataset => request.LinkedDatasets,
        LeftOperand.FilterColumn => request.FilterColumns ?? [],
        LeftOperand.FilterOperator => request.FilterOperators ?? [],
        _ => null,
    };
}

using DataSpace.Policy.Model;

namespace DataSpace.Policy.Evaluation;

/// <summary>Turns constraints into checks once per policy, choosing the comparison by left operand and right operand kind.</summary>
internal static class ConstraintCompiler
{
    /// <summary>Compiles <paramref name="node"/>; <paramref name="obligationAllowed"/> marks a permission's top-level constraint.</summary>
    public static ConstraintCheck Compile(ConstraintNode node, string path, bool obligationAllowed)
    {
        if (node is LogicalConstraint logical)
        {
            var operands = new ConstraintCheck[logical.Operands.Count];
            var name = Terms.Compact(Vocabulary.LogicalOperators.IriOf(logical.Operator));
            for (var i = 0; i < operands.Length; i++)
            {
                operands[i] = Compile(logical.Operands[i], $"{path}.{name}[{i}]", obligationAllowed: false);
            }

            return new LogicalCheck(path, logical.Operator, operands);
        }

        var constraint = (Constraint)node;
        var operand = Terms.Compact(constraint.LeftOperandIri);
        if (constraint.LeftOperand == LeftOperand.Unknown)
        {
            return new FailClosedCheck(path, $"unknown left operand '{constraint.LeftOperandIri}'");
        }

        if (constraint.RightOperand is not { } right)
        {
            return new FailClosedCheck(path, $"{operand}: a rightOperandReference cannot be resolved without fetching");
        }

        var items = right.Kind == RightOperandKind.List ? right.Items.AsSpan().ToArray() : [right];
        return constraint.LeftOperand switch
        {
            LeftOperand.Count or LeftOperand.GroupSize or LeftOperand.ClassificationLevel or LeftOperand.Epsilon or LeftOperand.Delta
                => Numbers(items) is { } numbers
                    ? new NumberCheck(path, constraint, numbers, obligationAllowed && IsMinimumGroupSize(constraint))
                    : Unsupported(path, operand, right, "a number"),
            LeftOperand.DateTime => AllOf(items, RightOperandKind.DateTime)
                ? new DateTimeCheck(path, constraint, [.. items.Select(i => i.DateTime)])
                : Unsupported(path, operand, right, "an xsd:dateTime"),
            LeftOperand.ElapsedTime => AllOf(items, RightOperandKind.Duration)
                ? new DurationCheck(path, constraint, [.. items.Select(i => i.Duration)])
                : Unsupported(path, operand, right, "an xsd:duration"),
            LeftOperand.Purpose or LeftOperand.Recipient or LeftOperand.Spatial or LeftOperand.ModuleDigest
                or LeftOperand.OutputKind or LeftOperand.Column or LeftOperand.LinkedDataset
                or LeftOperand.FilterColumn or LeftOperand.FilterOperator
                => items.All(i => i.Kind is RightOperandKind.String or RightOperandKind.Iri)
                    ? new TextCheck(path, constraint, [.. items.Select(i => i.Lexical)])
                    : Unsupported(path, operand, right, "strings or IRIs"),
            _ => new FailClosedCheck(path, $"left operand '{operand}' is not supported by this connector's evaluation"),
        };
    }

    /// <summary><c>dsc:groupSize</c> gteq/gt/eq: the connector enforces it on release, so a request need not state it.</summary>
    public static bool IsMinimumGroupSize(Constraint constraint) =>
        constraint.LeftOperand == LeftOperand.GroupSize
        && constraint.Operator is ConstraintOperator.Gteq or ConstraintOperator.Gt or ConstraintOperator.Eq;

    private static FailClosedCheck Unsupported(string path, string operand, RightOperand right, string expected) =>
        new(path, $"{operand}: right operand {Terms.Value(right)} is not {expected}");

    private static bool AllOf(RightOperand[] items, RightOperandKind kind) => items.Length > 0 && items.All(i => i.Kind == kind);

    private static double[]? Numbers(RightOperand[] items)
    {
        var numbers = new double[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            switch (items[i].Kind)
            {
                case RightOperandKind.Integer:
                    numbers[i] = items[i].Integer;
                    break;
                case RightOperandKind.Decimal:
                    numbers[i] = items[i].Decimal;
                    break;
                default:
                    return null;
            }
        }

        return items.Length > 0 ? numbers : null;
    }
}

using System.Text.Json;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.JsonLd;

/// <summary>Reads constraints and logical constraints (ODRL IM §2.5.1, §2.6) from <c>constraint</c> and <c>refinement</c> values.</summary>
internal sealed class ConstraintReader(ParseSession session)
{
    private static readonly (PropertyTerm Term, LogicalOperator Operator)[] LogicalTerms =
    [
        (PropertyTerm.And, LogicalOperator.And),
        (PropertyTerm.Or, LogicalOperator.Or),
        (PropertyTerm.Xone, LogicalOperator.Xone),
        (PropertyTerm.AndSequence, LogicalOperator.AndSequence),
    ];

    private readonly RightOperandReader _rightOperands = new(session);

    public ValueList<ConstraintNode> ReadAll(NodeProperties node, PropertyTerm term) =>
        node.TryTake(term, out var value, out var path) ? ReadList(value, path) : [];

    private ValueList<ConstraintNode> ReadList(JsonElement value, string path)
    {
        var nodes = new List<ConstraintNode>();
        foreach (var (item, itemPath) in session.Items(value, path))
        {
            if (Read(item, itemPath) is { } constraint)
            {
                nodes.Add(constraint);
            }
        }

        return ValueList.Create<ConstraintNode>(nodes.ToArray());
    }

    private ConstraintNode? Read(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            session.Error(path, PolicyErrorKind.InvalidValue, $"a constraint must be an object, found {ParseSession.Describe(element)}");
            return null;
        }

        var node = NodeProperties.Read(element, path, session);
        node.TryTake(PropertyTerm.Type, out _, out _);
        var uid = node.TryTake(PropertyTerm.Uid, out var uidValue, out var uidPath) ? session.ReadId(uidValue, uidPath) : null;
        ConstraintNode? result;
        var logical = Array.FindAll(LogicalTerms, t => node.Has(t.Term));
        if (logical.Length > 1 || (logical.Length == 1 && node.Has(PropertyTerm.LeftOperand)))
        {
            session.Error(path, PolicyErrorKind.InvalidValue, "a constraint is either one logical constraint (and, or, xone, andSequence) or leftOperand-operator-rightOperand, not both");
            result = null;
        }
        else if (logical.Length == 1)
        {
            result = ReadLogical(node, logical[0].Term, logical[0].Operator);
        }
        else if (!node.Has(PropertyTerm.LeftOperand) && node.Has(PropertyTerm.Uid) && !node.Has(PropertyTerm.Operator))
        {
            session.Error(path, PolicyErrorKind.UnsupportedProperty, "constraints referenced by '@id' alone are not supported; write the constraint inline");
            result = null;
        }
        else
        {
            result = ReadAtomic(node, path);
        }

        node.ReportUnused("a constraint");
        return result is null ? null : session.Sources.Record(result with { Uid = uid }, path);
    }

    private LogicalConstraint? ReadLogical(NodeProperties node, PropertyTerm term, LogicalOperator op)
    {
        node.TryTake(term, out var value, out var operandsPath);
        var operands = ReadList(value, operandsPath);
        if (!session.Items(value, operandsPath).Any())
        {
            session.Error(operandsPath, PolicyErrorKind.InvalidValue, "a logical constraint needs at least one operand");
            return null;
        }

        return operands.Count == 0 ? null : new LogicalConstraint { Operator = op, Operands = operands };
    }

    private Constraint? ReadAtomic(NodeProperties node, string path)
    {
        string? leftIri = null;
        var leftOperand = LeftOperand.Unknown;
        if (node.TryTake(PropertyTerm.LeftOperand, out var left, out var leftPath))
        {
            leftIri = session.ReadVocab(left, leftPath);
            if (leftIri is not null && Vocabulary.LeftOperands.TryGet(leftIri, out var known))
            {
                leftOperand = known;
            }
        }
        else
        {
            session.Error(path, PolicyErrorKind.MissingProperty, "a constraint needs a leftOperand");
        }

        ConstraintOperator? op = null;
        if (node.TryTake(PropertyTerm.Operator, out var opValue, out var opPath))
        {
            if (session.ReadVocab(opValue, opPath) is { } opIri)
            {
                if (Vocabulary.Operators.TryGet(opIri, out var knownOp))
                {
                    op = knownOp;
                }
                else
                {
                    var written = ParseSession.TryGetString(opValue, out var text) ? text : opIri;
                    session.Error(opPath, PolicyErrorKind.UnknownOperator,
                        $"unknown operator '{written}'; expected one of eq, gt, gteq, lt, lteq, neq, isA, hasPart, isPartOf, isAllOf, isAnyOf, isNoneOf");
                }
            }
        }
        else
        {
            session.Error(path, PolicyErrorKind.MissingProperty, "a constraint needs an operator");
        }

        var unit = node.TryTake(PropertyTerm.Unit, out var unitValue, out var unitPath) ? session.ReadId(unitValue, unitPath) : null;
        var dataType = node.TryTake(PropertyTerm.DataType, out var typeValue, out var typePath) ? session.ReadId(typeValue, typePath) : null;
        var hasRight = node.TryTake(PropertyTerm.RightOperand, out var right, out var rightPath);
        var hasReference = node.TryTake(PropertyTerm.RightOperandReference, out var reference, out var referencePath);
        RightOperand? rightOperand = null;
        string? rightReference = null;
        if (hasRight == hasReference)
        {
            session.Error(path, hasRight ? PolicyErrorKind.InvalidValue : PolicyErrorKind.MissingProperty,
                "a constraint needs exactly one of rightOperand and rightOperandReference");
        }
        else if (hasRight)
        {
            rightOperand = _rightOperands.Read(right, rightPath, leftOperand, dataType);
        }
        else
        {
            rightReference = session.ReadId(reference, referencePath);
        }

        if (leftIri is null || op is null || (rightOperand is null && rightReference is null))
        {
            return null;
        }

        return new Constraint
        {
            LeftOperand = leftOperand,
            LeftOperandIri = leftIri,
            Operator = op.Value,
            RightOperand = rightOperand,
            RightOperandReference = rightReference,
            Unit = unit,
            DataType = dataType,
        };
    }
}

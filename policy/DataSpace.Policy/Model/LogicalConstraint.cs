namespace DataSpace.Policy.Model;

/// <summary>A logical constraint (ODRL IM §2.6): <c>and</c>, <c>or</c>, <c>xone</c> or <c>andSequence</c> over constraints.</summary>
public sealed record LogicalConstraint : ConstraintNode
{
    public LogicalOperator Operator { get; init; }

    public ValueList<ConstraintNode> Operands { get; init; } = [];
}

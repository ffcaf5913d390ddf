namespace DataSpace.Policy.Model;

/// <summary>
/// An atomic ODRL constraint (ODRL IM §2.5.1): <c>leftOperand operator rightOperand</c>.
/// Operand and operator are enums and the right operand is parsed once into a typed value,
/// so evaluation compares without parsing or allocating.
/// </summary>
public sealed record Constraint : ConstraintNode
{
    public LeftOperand LeftOperand { get; init; }

    /// <summary>The left operand's full IRI, kept also for unknown operands so a refusal can name it.</summary>
    public required string LeftOperandIri { get; init; }

    public ConstraintOperator Operator { get; init; }

    /// <summary>The value to compare with; null when <see cref="RightOperandReference"/> is given instead.</summary>
    public RightOperand? RightOperand { get; init; }

    /// <summary>An IRI whose dereferenced value is the right operand (<c>rightOperandReference</c>).</summary>
    public string? RightOperandReference { get; init; }

    /// <summary>The unit of the right operand, as an IRI.</summary>
    public string? Unit { get; init; }

    /// <summary>The datatype of the right operand, as an IRI (<c>dataType</c>).</summary>
    public string? DataType { get; init; }
}

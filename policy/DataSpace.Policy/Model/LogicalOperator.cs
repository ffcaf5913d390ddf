namespace DataSpace.Policy.Model;

/// <summary>The operators of a logical constraint (ODRL IM §2.6).</summary>
public enum LogicalOperator
{
    /// <summary>All operands are satisfied.</summary>
    And,

    /// <summary>At least one operand is satisfied.</summary>
    Or,

    /// <summary>Exactly one operand is satisfied.</summary>
    Xone,

    /// <summary>All operands are satisfied, evaluated in order.</summary>
    AndSequence,
}

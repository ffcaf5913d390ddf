namespace DataSpace.Policy.Model;

/// <summary>The typed value a right operand was parsed into.</summary>
public enum RightOperandKind
{
    String,

    /// <summary>An IRI, written as <c>{"@id": ...}</c> or typed <c>xsd:anyURI</c>.</summary>
    Iri,

    /// <summary>A whole number (<c>xsd:integer</c> and its subtypes), in <see cref="RightOperand.Integer"/>.</summary>
    Integer,

    /// <summary>A real number (<c>xsd:decimal</c>, <c>xsd:double</c>, <c>xsd:float</c>), in <see cref="RightOperand.Decimal"/>.</summary>
    Decimal,

    Boolean,

    /// <summary>An instant (<c>xsd:dateTime</c> or <c>xsd:date</c>), in UTC, in <see cref="RightOperand.DateTime"/>.</summary>
    DateTime,

    /// <summary>An <c>xsd:duration</c>, in <see cref="RightOperand.Duration"/>.</summary>
    Duration,

    /// <summary>A list of values, in <see cref="RightOperand.Items"/>.</summary>
    List,
}

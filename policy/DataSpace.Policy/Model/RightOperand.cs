namespace DataSpace.Policy.Model;

/// <summary>
/// A constraint's right operand, parsed once into a typed value so evaluation never parses.
/// Only the field that matches <see cref="Kind"/> is meaningful; <see cref="Lexical"/> keeps the text form.
/// </summary>
public sealed record RightOperand
{
    public RightOperandKind Kind { get; init; }

    /// <summary>The lexical form: the string, IRI, canonical number, or date as written. Empty for lists.</summary>
    public string Lexical { get; init; } = "";

    /// <summary>The datatype IRI given with <c>@type</c>, or null for a plain JSON value.</summary>
    public string? DataType { get; init; }

    public long Integer { get; init; }

    public double Decimal { get; init; }

    public bool Boolean { get; init; }

    public DateTimeOffset DateTime { get; init; }

    public XsdDuration Duration { get; init; }

    public ValueList<RightOperand> Items { get; init; } = [];
}

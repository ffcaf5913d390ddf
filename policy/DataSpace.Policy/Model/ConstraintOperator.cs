namespace DataSpace.Policy.Model;

/// <summary>The twelve ODRL 2.2 constraint operators (ODRL Vocabulary §4.20).</summary>
public enum ConstraintOperator
{
    Eq,
    Gt,
    Gteq,
    Lt,
    Lteq,
    Neq,
    IsA,
    HasPart,
    IsPartOf,
    IsAllOf,
    IsAnyOf,
    IsNoneOf,
}

namespace DataSpace.Sandbox.Plans;

/// <summary>The comparisons a filter may make (the names are ODRL's operators).</summary>
public enum FilterOperator
{
    Eq,
    Neq,
    Lt,
    Lteq,
    Gt,
    Gteq,
    IsAnyOf,
    IsNoneOf,
}

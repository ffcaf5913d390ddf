namespace DataSpace.Sandbox.Plans;

/// <summary>
/// A literal as the plan wrote it: a JSON string, number (its text as written) or boolean. It is checked against
/// the column's type when the plan is bound to the data (a string for a string or date column, an integer for an
/// integer column, a number for a float column, a boolean for a boolean column).
/// </summary>
public sealed record PlanValue(PlanValueKind Kind, string Text)
{
    public override string ToString() => Kind == PlanValueKind.String ? $"\"{Text}\"" : Text;
}

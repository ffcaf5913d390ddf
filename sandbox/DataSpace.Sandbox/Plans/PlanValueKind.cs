namespace DataSpace.Sandbox.Plans;

/// <summary>The JSON kind of a literal in a plan.</summary>
public enum PlanValueKind
{
    String,
    Number,
    Boolean,
}

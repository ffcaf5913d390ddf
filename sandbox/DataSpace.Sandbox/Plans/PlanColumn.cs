namespace DataSpace.Sandbox.Plans;

/// <summary>A column of the plan's dataset or of its joined dataset.</summary>
public sealed record PlanColumn(string Dataset, string Name)
{
    public override string ToString() => $"{Dataset}#{Name}";
}

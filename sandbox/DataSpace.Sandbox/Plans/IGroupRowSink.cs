namespace DataSpace.Sandbox.Plans;

/// <summary>Receives, for each row a plan counts, its group and its position in the plan's dataset (query-set overlap control).</summary>
public interface IGroupRowSink
{
    public void Add(int group, long row);
}

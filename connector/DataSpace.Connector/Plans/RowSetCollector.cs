using DataSpace.Sandbox.Plans;
using DataSpace.Sandbox.Privacy;

namespace DataSpace.Connector.Plans;

/// <summary>Builds, while a plan is evaluated, the keyed sketch of each group's row set (query-set overlap control).</summary>
internal sealed class RowSetCollector(int capacity, ulong key) : IGroupRowSink
{
    private readonly Dictionary<int, RowSetSketch> _sketches = [];

    public void Add(int group, long row)
    {
        if (!_sketches.TryGetValue(group, out var sketch))
        {
            sketch = RowSetSketch.Create(capacity, key);
            _sketches.Add(group, sketch);
        }

        sketch.Add(row);
    }

    /// <summary>The row sets of the groups <paramref name="result"/> releases.</summary>
    public IReadOnlyList<Storage.ReleasedRowSet> Released(PlanResult result) =>
        [.. result.Groups.Select(g => new Storage.ReleasedRowSet(
            string.Join(" | ", g.Key), g.Count, (_sketches.TryGetValue(g.Index, out var sketch) ? sketch : RowSetSketch.Create(capacity, key)).ToBytes()))];
}

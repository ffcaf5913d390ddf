namespace DataSpace.Sandbox.Aggregation;

/// <summary>
/// The exact aggregate of one job run (or of several merged runs): group keys, distinct row counts and
/// per-measure totals. It holds unreleased statistics and must stay inside the connector;
/// <c>AggregateRelease.Release</c> turns it into something that may leave.
/// </summary>
public sealed record AggregateState
{
    /// <summary>Measure declarations in id order; every group has one total per measure, in this order.</summary>
    public required IReadOnlyList<MeasureDeclaration> Measures { get; init; }

    /// <summary>Groups in the order the job created them.</summary>
    public required IReadOnlyList<GroupAggregate> Groups { get; init; }

    /// <summary>Rows the job was shown (the sum of the batch sizes), assigned to a group or not.</summary>
    public required long TotalRows { get; init; }

    /// <summary>
    /// Adds another partial aggregate of the same measures: counts and sums add per group key, groups
    /// only in one side are kept. The measures must be declared identically (name, bounds, order).
    /// </summary>
    public AggregateState Merge(AggregateState other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!Measures.SequenceEqual(other.Measures))
        {
            throw new ArgumentException("Cannot merge aggregates whose measures differ (name, bounds or order).", nameof(other));
        }

        var merged = new Dictionary<string, GroupAggregate>(Groups.Count + other.Groups.Count, StringComparer.Ordinal);
        var order = new List<string>(Groups.Count + other.Groups.Count);
        foreach (var group in Groups.Concat(other.Groups))
        {
            if (merged.TryGetValue(group.Key, out var existing))
            {
                merged[group.Key] = Add(existing, group);
            }
            else
            {
                merged.Add(group.Key, group);
                order.Add(group.Key);
            }
        }

        return new AggregateState
        {
            Measures = Measures,
            Groups = order.ConvertAll(key => merged[key]),
            TotalRows = checked(TotalRows + other.TotalRows),
        };
    }

    private static GroupAggregate Add(GroupAggregate left, GroupAggregate right)
    {
        var measures = new MeasureTotal[left.Measures.Count];
        for (var i = 0; i < measures.Length; i++)
        {
            var a = left.Measures[i];
            var b = right.Measures[i];
            measures[i] = new MeasureTotal(checked(a.Rows + b.Rows), a.Sum + b.Sum, checked(a.GridSum + b.GridSum));
        }

        return new GroupAggregate(left.Key, checked(left.Rows + right.Rows), measures);
    }
}

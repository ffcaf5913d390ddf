using DataSpace.Sandbox.Aggregation;

namespace DataSpace.Sandbox.Tests.Aggregation;

public sealed class AggregateStateTests
{
    [Fact]
    public void Merge_TwoPartialAggregates_AddsPerKeyAndKeepsTheRest()
    {
        var left = Run(("north", 1.5), ("north", 2), ("south", 4));
        var right = Run(("south", 10), ("east", 3));

        var merged = left.Merge(right);

        Assert.Equal(5, merged.TotalRows);
        Assert.Equal(["north", "south", "east"], merged.Groups.Select(g => g.Key));
        var south = merged.Groups[1];
        Assert.Equal(2, south.Rows);
        Assert.Equal(new MeasureTotal(2, 14, left.Groups[1].Measures[0].GridSum + right.Groups[0].Measures[0].GridSum), south.Measures[0]);
        Assert.Equal(new MeasureTotal(2, 3.5, left.Groups[0].Measures[0].GridSum), merged.Groups[0].Measures[0]);
    }

    [Fact]
    public void Merge_SameDataSplitInTwo_EqualsOneRun()
    {
        var whole = Run(("a", 1), ("b", 2), ("a", 3), ("b", 4));

        var merged = Run(("a", 1), ("b", 2)).Merge(Run(("a", 3), ("b", 4)));

        Assert.Equal(whole.TotalRows, merged.TotalRows);
        Assert.Equal(whole.Groups, merged.Groups, (x, y) => x.Key == y.Key && x.Rows == y.Rows && x.Measures.SequenceEqual(y.Measures));
    }

    [Fact]
    public void Merge_DifferentMeasureBounds_Throws()
    {
        var left = Run(("a", 1));
        var right = left with { Measures = [new MeasureDeclaration("value", 0, 11)] };

        var error = Assert.Throws<ArgumentException>(() => left.Merge(right));
        Assert.Contains("measures differ", error.Message, StringComparison.Ordinal);
    }

    private static AggregateState Run(params (string Key, double Value)[] rows)
    {
        var accumulator = new AggregateAccumulator(new AggregationLimits());
        var measure = accumulator.DeclareMeasure("value", 0, 10);
        var groups = rows.Select(r => accumulator.Group(r.Key)).ToArray();
        accumulator.BeginBatch(rows.Length);
        accumulator.Contribute(measure, [], groups, rows.Select(r => r.Value).ToArray());
        return accumulator.Snapshot();
    }
}

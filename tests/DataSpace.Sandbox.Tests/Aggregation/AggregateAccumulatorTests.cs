using DataSpace.Sandbox.Aggregation;
using DataSpace.Tests.Common;

namespace DataSpace.Sandbox.Tests.Aggregation;

public sealed class AggregateAccumulatorTests
{
    private sealed record Contribution(int Batch, int Row, int Group, int Measure, double Value);

    [Theory]
    [InlineData(3, 1000)]     // few groups: masked vector passes
    [InlineData(20, 1000)]    // lane-split scalar sums
    [InlineData(300, 1000)]   // direct scalar sums
    [InlineData(5, 7)]        // short batches: vector tails only
    [InlineData(4, 1003)]     // vector body and a tail
    public void Snapshot_RandomContributions_MatchesNaiveComputation(int groupCount, int batchRows)
    {
        var random = new Random(groupCount * 31 + batchRows);
        var accumulator = new AggregateAccumulator(new AggregationLimits());
        var income = accumulator.DeclareMeasure("income", 0, 5000);
        var change = accumulator.DeclareMeasure("change", -10, 2.5);
        var groups = Enumerable.Range(0, groupCount).Select(g => accumulator.Group($"g{g}")).ToArray();
        var contributions = new List<Contribution>();
        var assigned = new List<(int Batch, int Row, int Group)>();

        for (var batch = 0; batch < 3; batch++)
        {
            accumulator.BeginBatch(batchRows);
            var rowGroups = Enumerable.Range(0, batchRows).Select(_ => groups[random.Next(groupCount)]).ToArray();
            var incomes = Enumerable.Range(0, batchRows).Select(_ => (random.NextDouble() * 7000) - 1000).ToArray();

            // income: identity rows, every row.
            accumulator.Contribute(income, [], rowGroups, incomes);
            contributions.AddRange(incomes.Select((v, r) => new Contribution(batch, r, rowGroups[r], income, v)));

            // change: a shuffled subset of rows, explicit row numbers.
            var subset = Enumerable.Range(0, batchRows).Where(_ => random.Next(3) != 0).OrderBy(_ => random.Next()).ToArray();
            var changes = subset.Select(_ => (random.NextDouble() * 30) - 15).ToArray();
            accumulator.Contribute(change, subset, subset.Select(r => rowGroups[r]).ToArray(), changes);
            contributions.AddRange(subset.Select((r, i) => new Contribution(batch, r, rowGroups[r], change, changes[i])));

            assigned.AddRange(rowGroups.Select((g, r) => (batch, r, g)));
        }

        var state = accumulator.Snapshot();

        Assert.Equal(3L * batchRows, state.TotalRows);
        Assert.Equal(groupCount, state.Groups.Count);
        for (var g = 0; g < groupCount; g++)
        {
            var group = state.Groups[g];
            Assert.Equal($"g{g}", group.Key);
            Assert.Equal(assigned.Count(a => a.Group == g), group.Rows);
            for (var m = 0; m < 2; m++)
            {
                var declaration = state.Measures[m];
                var clamped = contributions.Where(c => c.Group == g && c.Measure == m)
                    .Select(c => Math.Clamp(c.Value, declaration.Lower, declaration.Upper)).ToArray();
                var expectedSum = clamped.Select(v => (decimal)v).Sum();
                var expectedGrid = clamped.Sum(v => (long)Math.Round(v * Math.ScaleB(1, MeasureDeclaration.GridBits) / declaration.Sensitivity));
                Assert.Equal(clamped.Length, group.Measures[m].Rows);
                Assert.Equal((double)expectedSum, group.Measures[m].Sum, 1e-9);
                Assert.Equal(expectedGrid, group.Measures[m].GridSum);
            }
        }
    }

    [Fact]
    public void Contribute_ValuesOutsideBounds_AreClamped()
    {
        var accumulator = new AggregateAccumulator(new AggregationLimits());
        var measure = accumulator.DeclareMeasure("age", 0, 120);
        var g = accumulator.Group("all");
        accumulator.BeginBatch(4);

        accumulator.Contribute(measure, [], [g, g, g, g], [-50, 30, 500, 120]);

        var total = accumulator.Snapshot().Groups[0].Measures[0];
        Assert.Equal(0 + 30 + 120 + 120, total.Sum);
        Assert.Equal(4, total.Rows);
    }

    [Fact]
    public void Snapshot_RowInSeveralMeasuresAndAssign_CountsDistinctRows()
    {
        var accumulator = new AggregateAccumulator(new AggregationLimits());
        var a = accumulator.DeclareMeasure("a", 0, 1);
        var b = accumulator.DeclareMeasure("b", 0, 1);
        var x = accumulator.Group("x");
        var y = accumulator.Group("y");
        accumulator.BeginBatch(5);

        accumulator.Assign([0, 1], [x, x]);
        accumulator.Contribute(a, [], [x, x, y], [1, 1, 1]);
        accumulator.Contribute(b, [2, 1, 4], [y, x, y], [1, 1, 1]);
        accumulator.BeginBatch(2);
        accumulator.Contribute(a, [], [x, x], [1, 1]);

        var state = accumulator.Snapshot();
        Assert.Equal(4, state.Groups[0].Rows);  // rows 0, 1 of batch 0 and rows 0, 1 of batch 1
        Assert.Equal(2, state.Groups[1].Rows);  // rows 2, 4 of batch 0
        Assert.Equal(7, state.TotalRows);
    }

    [Fact]
    public void Group_SameKey_ReturnsSameIdAndKeepsKeyText()
    {
        var accumulator = new AggregateAccumulator(new AggregationLimits());

        var first = accumulator.Group("Zürich");
        var other = accumulator.Group("Genève");
        var again = accumulator.Group("Zürich");

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(["Zürich", "Genève"], accumulator.Snapshot().Groups.Select(g => g.Key));
    }

    [Fact]
    public void Contribute_SameMeasureInNextBatch_IsAllowed()
    {
        var accumulator = new AggregateAccumulator(new AggregationLimits());
        var m = accumulator.DeclareMeasure("m", 0, 10);
        var g = accumulator.Group("g");

        for (var batch = 0; batch < 3; batch++)
        {
            accumulator.BeginBatch(100);
            accumulator.Contribute(m, [], Enumerable.Repeat(g, 100).ToArray(), Enumerable.Repeat(1.0, 100).ToArray());
        }

        Assert.Equal(300, accumulator.Snapshot().Groups[0].Measures[0].Sum);
    }

    [Fact]
    public void Group_KnownKey_DoesNotAllocate()
    {
        var accumulator = new AggregateAccumulator(new AggregationLimits());
        var key = "region-7"u8.ToArray();
        accumulator.Group(key);

        Assert.Equal(0, SteadyAllocation.Quietest(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                accumulator.Group(key);
            }
        }));
    }

    [Fact]
    public void Contribute_IdentityCalls_DoNotAllocate()
    {
        var accumulator = new AggregateAccumulator(new AggregationLimits());
        var a = accumulator.DeclareMeasure("a", 0, 10);
        var b = accumulator.DeclareMeasure("b", 0, 10);
        var groups = Enumerable.Range(0, 4096).Select(i => accumulator.Group($"g{i % 3}")).ToArray();
        var values = Enumerable.Range(0, 4096).Select(i => i * 0.01).ToArray();
        accumulator.BeginBatch(4096);
        accumulator.Contribute(a, [], groups, values);
        accumulator.Contribute(b, [], groups, values);

        Assert.Equal(0, SteadyAllocation.Quietest(() =>
        {
            for (var batch = 0; batch < 10; batch++)
            {
                accumulator.BeginBatch(4096);
                accumulator.Contribute(a, [], groups, values);
                accumulator.Contribute(b, [], groups, values);
            }
        }));
    }
}

using System.Buffers;
using Apache.Arrow;
using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Plans;

/// <summary>
/// Evaluates a bound plan over the data, batch by batch, natively: no job code touches a value. Each row is kept or
/// dropped by the join, the filters, the dimensions' domains, nulls and NaNs and the entity bound, in that order; a
/// kept row adds one to its group's count and its own clamped value, once, to each measure (docs/analysis-plans.md,
/// "Evaluation"). Memory is one batch plus the state (and, with a join, the joined dataset's columns).
/// </summary>
internal static class PlanEvaluator
{
    /// <summary>Rows per batch read.</summary>
    public const int BatchRows = 65_536;

    public static PlanState Evaluate(
        BoundPlan plan, IDataSource primary, IDataSource? joined, IGroupRowSink? rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(primary);
        var join = plan.Join is null ? null : JoinIndex.Build(plan, primary, joined!, BatchRows, cancellationToken);
        var limiters = plan.Entities.Select(e => new EntityLimiter(e)).ToArray();
        var state = new PlanState(plan);
        var groups = ArrayPool<int>.Shared.Rent(BatchRows);
        var sides = new IArrowArray[3][];
        var functions = plan.Derived.Select(d => new RowFunctionCalls(d.Function)).ToArray();
        try
        {
            long first = 0;
            foreach (var batch in primary.ReadBatches(plan.PrimaryColumns, BatchRows, cancellationToken))
            {
                var n = batch.Length;
                var g = groups.AsSpan(0, n);
                g.Clear();
                sides[0] = [.. Enumerable.Range(0, batch.ColumnCount).Select(batch.Column)];
                sides[1] = join?.Gather(batch, g) ?? [];
                sides[2] = new IArrowArray[functions.Length];
                Select(plan, sides, g, functions);
                foreach (var limiter in limiters)
                {
                    limiter.Limit(Column(sides, limiter.Bound.Source), g);
                }

                Accumulate(plan, state, sides, g);
                if (rows is not null)
                {
                    for (var i = 0; i < n; i++)
                    {
                        if (g[i] >= 0)
                        {
                            rows.Add(g[i], first + i);
                        }
                    }
                }

                first += n;
            }

            state.RowsRead = first;
            return state;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(groups);
            foreach (var function in functions)
            {
                function.Dispose();
            }
        }
    }

    private static IArrowArray Column(IArrowArray[][] sides, ColumnSource source) => sides[source.Side][source.Index];

    /// <summary>
    /// Filters, then the dimensions' domains (which set each kept row's group), then the derived columns of the rows
    /// still kept, then nulls and NaNs of the measures.
    /// </summary>
    private static void Select(BoundPlan plan, IArrowArray[][] sides, Span<int> groups, RowFunctionCalls[] functions)
    {
        foreach (var filter in plan.Filters)
        {
            var column = Column(sides, filter.Source);
            if (filter.Order is { } order)
            {
                order.Keep(column, groups);
            }
            else
            {
                filter.Matcher!.Keep(column, groups, filter.Members);
            }
        }

        foreach (var dimension in plan.Dimensions)
        {
            dimension.Matcher.Index(Column(sides, dimension.Source), groups, dimension.Stride);
        }

        for (var d = 0; d < functions.Length; d++)
        {
            sides[2][d] = functions[d].Compute([.. plan.Derived[d].Inputs.Select(input => Column(sides, input))], groups);
        }

        foreach (var measure in plan.Measures)
        {
            var column = Column(sides, measure.Source);
            ValueMatcher.DropNulls(column, groups);
            if (column is DoubleArray doubles)
            {
                var values = doubles.Values;
                for (var i = 0; i < groups.Length; i++)
                {
                    if (double.IsNaN(values[i]))
                    {
                        groups[i] = -1;
                    }
                }
            }
        }
    }

    private static void Accumulate(BoundPlan plan, PlanState state, IArrowArray[][] sides, ReadOnlySpan<int> groups)
    {
        var counts = state.Counts;
        foreach (var g in groups)
        {
            if (g >= 0)
            {
                counts[g]++;
            }
        }

        for (var m = 0; m < plan.Measures.Count; m++)
        {
            var measure = plan.Measures[m];
            switch (Column(sides, measure.Source))
            {
                case DoubleArray doubles:
                    Measure(plan, state, m, measure, doubles.Values, groups);
                    break;
                case Int32Array ints:
                    Measure(plan, state, m, measure, ints.Values, groups);
                    break;
                case Int64Array longs:
                    Measure(plan, state, m, measure, longs.Values, groups);
                    break;
                default:
                    throw new InvalidOperationException("unreachable: the binder admits only number measures");
            }
        }
    }

    private static void Measure<T>(BoundPlan plan, PlanState state, int m, BoundMeasure measure, ReadOnlySpan<T> values, ReadOnlySpan<int> groups)
        where T : struct, System.Numerics.INumberBase<T>
    {
        var (lower, upper) = (measure.Declared.Lower, measure.Declared.Upper);
        if (plan.Noisy)
        {
            // Each value becomes a whole number of grid steps, |steps| <= 2^20: sums are exact integers, and the
            // noise is calibrated to exactly that sensitivity (no floating-point sum an attacker could steer).
            var steps = 1 / measure.Granularity;
            var sums = state.GridSums[m];
            for (var i = 0; i < groups.Length; i++)
            {
                var g = groups[i];
                if (g >= 0)
                {
                    sums[g] += (long)Math.Round(Math.Clamp(double.CreateTruncating(values[i]), lower, upper) * steps);
                }
            }

            if (measure.Declared.Variance)
            {
                var squareSteps = 1 / measure.SquareGranularity;
                var squares = state.GridSquares[m];
                for (var i = 0; i < groups.Length; i++)
                {
                    var g = groups[i];
                    if (g >= 0)
                    {
                        var v = Math.Clamp(double.CreateTruncating(values[i]), lower, upper);
                        squares[g] += (long)Math.Round(v * v * squareSteps);
                    }
                }
            }
        }
        else
        {
            var sums = state.Sums[m];
            var squares = state.Squares[m];
            for (var i = 0; i < groups.Length; i++)
            {
                var g = groups[i];
                if (g >= 0)
                {
                    var v = Math.Clamp(double.CreateTruncating(values[i]), lower, upper);
                    sums[g] += v;
                    if (squares.Length > 0)
                    {
                        squares[g] += v * v;
                    }
                }
            }
        }

        if (measure.Histogram is { } histogram)
        {
            var bins = histogram.Size;
            var counts = state.Histograms[m];
            for (var i = 0; i < groups.Length; i++)
            {
                var g = groups[i];
                if (g >= 0 && histogram.BinOf(Math.Clamp(double.CreateTruncating(values[i]), lower, upper)) is var bin and >= 0)
                {
                    counts[(g * bins) + bin]++;
                }
            }
        }
    }
}

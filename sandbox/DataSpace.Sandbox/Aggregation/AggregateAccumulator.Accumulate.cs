using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DataSpace.Sandbox.Aggregation;

internal sealed partial class AggregateAccumulator
{
    /// <summary>Up to this many groups, contributions are summed with one masked vector pass per group.</summary>
    private const int SimdGroups = 8;

    /// <summary>
    /// Adds clamped values to their groups. Groups are already validated. Each value goes into a
    /// Neumaier compensated sum (Neumaier 1974: Kahan's summation that also holds when the addend is
    /// larger than the running sum), and, rounded to the measure's grid, into an exact integer sum.
    /// </summary>
    private void Accumulate(MeasureSlot slot, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, ReadOnlySpan<double> values)
    {
        CheckFinite(slot, rows, values);
        var groupCount = _groupKeys.Count;
        if (groupCount <= SimdGroups && Vector256.IsHardwareAccelerated)
        {
            AccumulateSimd(slot, groups, values, groupCount);
        }
        else if ((long)groupCount * Lanes * 4 <= values.Length)
        {
            AccumulateInLanes(slot, groups, values, groupCount);
        }
        else
        {
            AccumulateDirect(slot, groups, values);
        }
    }

    private void CheckFinite(MeasureSlot slot, ReadOnlySpan<int> rows, ReadOnlySpan<double> values)
    {
        // A double is NaN or infinite exactly when all its exponent bits are set.
        var exponent = Vector256.Create(0x7FF0_0000_0000_0000L);
        ref var first = ref Unsafe.As<double, long>(ref MemoryMarshal.GetReference(values));
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= values.Length - Vector256<long>.Count; i += Vector256<long>.Count)
            {
                if (Vector256.EqualsAny(Vector256.LoadUnsafe(ref first, (nuint)i) & exponent, exponent))
                {
                    break;
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                FailNotFinite(rows, i, values[i], slot);
            }
        }
    }

    /// <summary>
    /// Few groups: the values are clamped and rounded to the grid once, then each group takes one
    /// vectorised pass masked to its rows, with two independent Neumaier sums per vector lane so that
    /// consecutive additions do not wait for each other. No scattered stores, so no dependency through memory.
    /// </summary>
    private void AccumulateSimd(MeasureSlot slot, ReadOnlySpan<int> groups, ReadOnlySpan<double> values, int groupCount)
    {
        const int Width = 4;
        if (_clamped.Length < values.Length)
        {
            _clamped = new double[values.Length];
            _gridSteps = new double[values.Length];
        }

        var lower = Vector256.Create(slot.Lower);
        var upper = Vector256.Create(slot.Upper);
        var steps = Vector256.Create(slot.StepsPerUnit);
        ref var valueRef = ref MemoryMarshal.GetReference(values);
        ref var clampedRef = ref MemoryMarshal.GetArrayDataReference(_clamped);
        ref var gridRef = ref MemoryMarshal.GetArrayDataReference(_gridSteps);
        ref var groupRef = ref MemoryMarshal.GetReference(groups);
        var vectorEnd = values.Length - (values.Length % (2 * Width));
        for (var i = 0; i < vectorEnd; i += Width)
        {
            var clamped = Vector256.Min(Vector256.Max(Vector256.LoadUnsafe(ref valueRef, (nuint)i), lower), upper);
            clamped.StoreUnsafe(ref clampedRef, (nuint)i);

            // Grid steps are integers of at most 2^20, so their double sums stay exact below 2^53.
            Vector256.Round(clamped * steps).StoreUnsafe(ref gridRef, (nuint)i);
        }

        for (var g = 0; g < groupCount; g++)
        {
            var target = Vector128.Create(g);
            var sum = (A: Vector256<double>.Zero, B: Vector256<double>.Zero);
            var compensation = (A: Vector256<double>.Zero, B: Vector256<double>.Zero);
            var grid = Vector256<double>.Zero;
            var count = Vector256<long>.Zero;
            for (var i = 0; i < vectorEnd; i += 2 * Width)
            {
                var maskA = Mask(ref groupRef, i, target);
                var maskB = Mask(ref groupRef, i + Width, target);
                var a = Vector256.LoadUnsafe(ref clampedRef, (nuint)i) & maskA.AsDouble();
                var b = Vector256.LoadUnsafe(ref clampedRef, (nuint)(i + Width)) & maskB.AsDouble();
                NeumaierLanes(ref sum.A, ref compensation.A, a);
                NeumaierLanes(ref sum.B, ref compensation.B, b);
                grid += (Vector256.LoadUnsafe(ref gridRef, (nuint)i) & maskA.AsDouble())
                    + (Vector256.LoadUnsafe(ref gridRef, (nuint)(i + Width)) & maskB.AsDouble());
                count -= maskA + maskB;
            }

            var slotSum = slot.Sums[g];
            var slotCompensation = slot.Compensations[g];
            var gridSum = 0L;
            for (var lane = 0; lane < Width; lane++)
            {
                Neumaier(ref slotSum, ref slotCompensation, sum.A[lane]);
                Neumaier(ref slotSum, ref slotCompensation, sum.B[lane]);
                Neumaier(ref slotSum, ref slotCompensation, compensation.A[lane]);
                Neumaier(ref slotSum, ref slotCompensation, compensation.B[lane]);
                gridSum += (long)grid[lane];
            }

            var rows = Vector256.Sum(count);
            for (var i = vectorEnd; i < values.Length; i++)
            {
                if (groups[i] == g)
                {
                    Add(ref slotSum, ref slotCompensation, ref gridSum, slot.Lower, slot.Upper, slot.StepsPerUnit, values[i]);
                    rows++;
                }
            }

            slot.Sums[g] = slotSum;
            slot.Compensations[g] = slotCompensation;
            slot.GridSums[g] += gridSum;
            slot.Counts[g] += rows;
        }
    }

    /// <summary>All-ones 64-bit lanes where groups[i .. i+3] equals the target group.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<long> Mask(ref int groups, int i, Vector128<int> target)
    {
        var match = Vector128.Equals(Vector128.LoadUnsafe(ref groups, (nuint)i), target);
        return Vector256.Create(Vector128.WidenLower(match), Vector128.WidenUpper(match));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void NeumaierLanes(ref Vector256<double> sum, ref Vector256<double> compensation, Vector256<double> value)
    {
        var t = sum + value;
        var sumIsLarger = Vector256.GreaterThanOrEqual(Vector256.Abs(sum), Vector256.Abs(value));
        compensation += Vector256.ConditionalSelect(sumIsLarger, sum - t + value, value - t + sum);
        sum = t;
    }

    private static void AccumulateDirect(MeasureSlot slot, ReadOnlySpan<int> groups, ReadOnlySpan<double> values)
    {
        var (lower, upper, steps) = (slot.Lower, slot.Upper, slot.StepsPerUnit);
        ref var sums = ref MemoryMarshal.GetArrayDataReference(slot.Sums);
        ref var compensations = ref MemoryMarshal.GetArrayDataReference(slot.Compensations);
        ref var gridSums = ref MemoryMarshal.GetArrayDataReference(slot.GridSums);
        ref var counts = ref MemoryMarshal.GetArrayDataReference(slot.Counts);
        for (var i = 0; i < values.Length; i++)
        {
            var g = groups[i];
            Add(ref Unsafe.Add(ref sums, g), ref Unsafe.Add(ref compensations, g), ref Unsafe.Add(ref gridSums, g), lower, upper, steps, values[i]);
            Unsafe.Add(ref counts, g)++;
        }
    }

    private void AccumulateInLanes(MeasureSlot slot, ReadOnlySpan<int> groups, ReadOnlySpan<double> values, int groupCount)
    {
        var size = groupCount * Lanes;
        if (_laneSums.Length < size)
        {
            _laneSums = new double[size];
            _laneCompensations = new double[size];
            _laneGridSums = new long[size];
            _laneCounts = new long[size];
        }
        else
        {
            _laneSums.AsSpan(0, size).Clear();
            _laneCompensations.AsSpan(0, size).Clear();
            _laneGridSums.AsSpan(0, size).Clear();
            _laneCounts.AsSpan(0, size).Clear();
        }

        var (lower, upper, steps) = (slot.Lower, slot.Upper, slot.StepsPerUnit);
        ref var sums = ref MemoryMarshal.GetArrayDataReference(_laneSums);
        ref var compensations = ref MemoryMarshal.GetArrayDataReference(_laneCompensations);
        ref var gridSums = ref MemoryMarshal.GetArrayDataReference(_laneGridSums);
        ref var counts = ref MemoryMarshal.GetArrayDataReference(_laneCounts);
        for (var i = 0; i < values.Length; i++)
        {
            var at = (groups[i] * Lanes) + (i & (Lanes - 1));
            Add(ref Unsafe.Add(ref sums, at), ref Unsafe.Add(ref compensations, at), ref Unsafe.Add(ref gridSums, at), lower, upper, steps, values[i]);
            Unsafe.Add(ref counts, at)++;
        }

        for (var g = 0; g < groupCount; g++)
        {
            for (var lane = 0; lane < Lanes; lane++)
            {
                var at = (g * Lanes) + lane;
                if (_laneCounts[at] == 0)
                {
                    continue;
                }

                Neumaier(ref slot.Sums[g], ref slot.Compensations[g], _laneSums[at]);
                Neumaier(ref slot.Sums[g], ref slot.Compensations[g], _laneCompensations[at]);
                slot.GridSums[g] += _laneGridSums[at];
                slot.Counts[g] += _laneCounts[at];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(ref double sum, ref double compensation, ref long gridSum, double lower, double upper, double steps, double value)
    {
        var clamped = value < lower ? lower : (value > upper ? upper : value);
        Neumaier(ref sum, ref compensation, clamped);

        // |clamped| <= sensitivity, so |round(clamped * 2^k / sensitivity)| <= 2^k: one row moves the
        // grid sum by at most 2^k grid steps, exactly, whatever the rounding of the product.
        gridSum += (long)Math.Round(clamped * steps);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Neumaier(ref double sum, ref double compensation, double value)
    {
        var s = sum;
        var t = s + value;
        compensation += Math.Abs(s) >= Math.Abs(value) ? (s - t) + value : (value - t) + s;
        sum = t;
    }

    /// <summary>One measure's per-group totals and the rows that contributed to it in the current batch.</summary>
    private sealed class MeasureSlot(MeasureDeclaration declaration, int groupCapacity)
    {
        public MeasureDeclaration Declaration { get; } = declaration;

        public double Lower { get; } = declaration.Lower;

        public double Upper { get; } = declaration.Upper;

        public double StepsPerUnit { get; } = Math.ScaleB(1.0, MeasureDeclaration.GridBits) / declaration.Sensitivity;

        public double[] Sums { get; private set; } = new double[groupCapacity];

        public double[] Compensations { get; private set; } = new double[groupCapacity];

        public long[] GridSums { get; private set; } = new long[groupCapacity];

        public long[] Counts { get; private set; } = new long[groupCapacity];

        private ulong[] _used = [];
        private int _usedBatch = -1;

        public Span<ulong> UsedRows(int batch, int rows)
        {
            var words = RowSet.WordsFor(rows);
            if (_used.Length < words)
            {
                _used = new ulong[Math.Max(words, _used.Length * 2)];
            }
            else if (_usedBatch != batch)
            {
                _used.AsSpan(0, words).Clear();
            }

            _usedBatch = batch;
            return _used.AsSpan(0, words);
        }

        public void Grow(int capacity)
        {
            var sums = Sums;
            var compensations = Compensations;
            var gridSums = GridSums;
            var counts = Counts;
            Array.Resize(ref sums, capacity);
            Array.Resize(ref compensations, capacity);
            Array.Resize(ref gridSums, capacity);
            Array.Resize(ref counts, capacity);
            Sums = sums;
            Compensations = compensations;
            GridSums = gridSums;
            Counts = counts;
        }
    }
}

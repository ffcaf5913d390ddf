using System.Runtime.InteropServices;
using Apache.Arrow;

namespace DataSpace.Benchmarks.Sandbox;

/// <summary>
/// The grouped count/sum/mean of the sample job written directly in C# over the same Arrow batches:
/// group lookup per row, clamping to the same bounds, count and two sums per group.
/// </summary>
internal static class NativeAggregation
{
    public static (int Groups, long Rows, double IncomeSum) Run(IReadOnlyList<RecordBatch> batches)
    {
        var ids = new Dictionary<int, int>();
        var counts = new long[16];
        var incomeSums = new double[16];
        var taxSums = new double[16];
        long rows = 0;
        foreach (var batch in batches)
        {
            var region = ((Int32Array)batch.Column(0)).Values;
            var income = ((DoubleArray)batch.Column(1)).Values;
            var tax = ((DoubleArray)batch.Column(2)).Values;
            for (var i = 0; i < region.Length; i++)
            {
                ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(ids, region[i], out var exists);
                if (!exists)
                {
                    id = ids.Count - 1;
                    if (id == counts.Length)
                    {
                        System.Array.Resize(ref counts, id * 2);
                        System.Array.Resize(ref incomeSums, id * 2);
                        System.Array.Resize(ref taxSums, id * 2);
                    }
                }

                counts[id]++;
                incomeSums[id] += Math.Clamp(income[i], 0, 1_000_000);
                taxSums[id] += Math.Clamp(tax[i], 0, 500_000);
            }

            rows += region.Length;
        }

        var total = 0.0;
        for (var g = 0; g < ids.Count; g++)
        {
            total += incomeSums[g];
            _ = incomeSums[g] / counts[g];
            _ = taxSums[g] / counts[g];
        }

        return (ids.Count, rows, total);
    }
}

/// <summary>
/// The sample job's own loop (samples/jobs/grouped-stats) written in C#: per batch it maps each region to a
/// group id, then hands whole columns to the same host-side accumulator and release the sandbox uses. The
/// difference to the wasm run is the price of running the loop in the sandbox (isolation, bulk copies, calls).
/// </summary>
internal static class NativeJob
{
    public static int Run(IReadOnlyList<RecordBatch> batches)
    {
        var accumulator = new DataSpace.Sandbox.Aggregation.AggregateAccumulator(new DataSpace.Sandbox.Aggregation.AggregationLimits());
        var income = accumulator.DeclareMeasure("income", 0, 1_000_000);
        var tax = accumulator.DeclareMeasure("tax", 0, 500_000);
        var ids = new Dictionary<int, int>();
        var groups = new int[65_536];
        Span<byte> key = stackalloc byte[16];
        foreach (var batch in batches)
        {
            var region = ((Int32Array)batch.Column(0)).Values;
            accumulator.BeginBatch(region.Length);
            for (var i = 0; i < region.Length; i++)
            {
                ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(ids, region[i], out var exists);
                if (!exists)
                {
                    region[i].TryFormat(key, out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
                    id = accumulator.Group(key[..written]);
                }

                groups[i] = id;
            }

            var rows = groups.AsSpan(0, region.Length);
            accumulator.Contribute(income, [], rows, ((DoubleArray)batch.Column(1)).Values);
            accumulator.Contribute(tax, [], rows, ((DoubleArray)batch.Column(2)).Values);
        }

        var released = DataSpace.Sandbox.Aggregation.AggregateRelease.Release(
            accumulator.Snapshot(),
            new DataSpace.Sandbox.Aggregation.ReleaseOptions { Mechanism = DataSpace.Sandbox.Aggregation.NoiseMechanism.None, MinGroupSize = 10 });
        return released.Groups.Count;
    }
}

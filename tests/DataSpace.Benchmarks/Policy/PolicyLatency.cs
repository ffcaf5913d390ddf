using System.Diagnostics;
using System.Globalization;

namespace DataSpace.Benchmarks.Policy;

/// <summary>
/// Decisions per second and per-call p50/p99 latency of the 10-constraint permit of
/// <see cref="PolicyEvaluationBenchmarks"/>: each call timed with the high-resolution clock, whose own cost
/// (measured around an empty call) is reported beside the figures and not subtracted.
/// </summary>
internal static class PolicyLatency
{
    public static int Run(string[] args)
    {
        var calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var setup = new PolicyEvaluationBenchmarks();
        setup.Setup();
        var evaluator = setup.Evaluator;
        var request = setup.Request;
        Console.WriteLine($"# policy decisions, 10-constraint permit: {calls:N0} timed calls per run, median of {runs} runs; {Machine.Describe()}");

        var ticks = new long[calls];
        var p50 = new List<double>();
        var p99 = new List<double>();
        var clock = new List<double>();
        var throughput = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            for (var i = 0; i < calls; i++)
            {
                var start = Stopwatch.GetTimestamp();
                _ = evaluator.Evaluate(request);
                ticks[i] = Stopwatch.GetTimestamp() - start;
            }

            Array.Sort(ticks);
            p50.Add(Nanoseconds(ticks[calls / 2]));
            p99.Add(Nanoseconds(ticks[(int)(calls * 0.99)]));

            for (var i = 0; i < calls; i++)
            {
                var start = Stopwatch.GetTimestamp();
                ticks[i] = Stopwatch.GetTimestamp() - start;
            }

            Array.Sort(ticks);
            clock.Add(Nanoseconds(ticks[calls / 2]));

            var stop = Stopwatch.StartNew();
            var permitted = 0;
            for (var i = 0; i < calls; i++)
            {
                permitted += evaluator.Evaluate(request).IsPermitted ? 1 : 0;
            }

            throughput.Add(permitted / stop.Elapsed.TotalSeconds);
        }

        Console.WriteLine($"decisions/s, one thread: {Machine.Median(throughput):N0}");
        Console.WriteLine($"latency p50: {Machine.Median(p50):N0} ns, p99: {Machine.Median(p99):N0} ns (clock read cost p50 {Machine.Median(clock):N0} ns, included)");
        return 0;
    }

    private static double Nanoseconds(long timestampTicks) => timestampTicks * 1e9 / Stopwatch.Frequency;
}

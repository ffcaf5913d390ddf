using System.Diagnostics;
using System.Globalization;
using DataSpace.Sandbox.Hosting;
using DuckDB.NET.Data;
using Wasmtime;

namespace DataSpace.Benchmarks.Sandbox;

/// <summary>
/// Side by side in one process, on the same in-memory Arrow batches: the grouped count/sum/mean of
/// <c>samples/jobs/grouped-stats</c> run in the sandbox (fuel metering on and off, host-side aggregation and
/// release included), the same loop in C#, and DuckDB's GROUP BY over the same rows loaded into its own
/// in-memory table; then pure feeding throughput and the time from a cached module to the job's first instruction.
/// One untimed warm-up round, then interleaved runs; medians reported.
/// </summary>
internal static class SandboxThroughput
{
    private const string FeedOnly = """
        (module
          (import "dsc" "next_batch" (func $next (result i32)))
          (import "dsc" "read_column" (func $read (param i32 i32 i32) (result i32)))
          (memory (export "memory") 32)
          (func (export "dsc_abi_version") (result i32) i32.const 1)
          (func (export "dsc_run") (result i32)
            (block $done
              (loop $batch
                call $next
                i32.eqz
                br_if $done
                (drop (call $read (i32.const 0) (i32.const 0) (i32.const 524288)))
                (drop (call $read (i32.const 1) (i32.const 524288) (i32.const 524288)))
                (drop (call $read (i32.const 2) (i32.const 1048576) (i32.const 524288)))
                br $batch))
            i32.const 0))
        """;

    private const string Empty = """
        (module
          (memory (export "memory") 1)
          (func (export "dsc_abi_version") (result i32) i32.const 1)
          (func (export "dsc_run") (result i32) i32.const 0))
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        const int batchRows = 65_536;
        Console.WriteLine($"# sandbox: grouped count/sum/mean over {rows:N0} rows x 3 columns ({BenchData.Groups} groups), batches of {batchRows:N0}, median of {runs} interleaved runs; {Machine.Describe()}");

        var stopwatch = Stopwatch.StartNew();
        using var data = new BenchData(rows, batchRows);
        Console.WriteLine($"generated the data in {stopwatch.Elapsed.TotalSeconds:F1} s");

        var wasm = await File.ReadAllBytesAsync(Path.Combine(Repository.Root, "samples", "jobs", "grouped-stats", "grouped-stats.wasm"));
        using var metered = new SandboxHost(new SandboxOptions());
        using var unmetered = new SandboxHost(new SandboxOptions { ConsumeFuel = false });
        var meteredModule = metered.LoadModule(wasm);
        var unmeteredModule = unmetered.LoadModule(wasm);
        var feedModule = metered.LoadModule(Module.ConvertText(FeedOnly));

        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        stopwatch.Restart();
        LoadDuckDb(duck, data);
        Console.WriteLine($"loaded DuckDB's table in {stopwatch.Elapsed.TotalSeconds:F1} s; DuckDB threads: {Scalar(duck, "SELECT current_setting('threads')")}");

        var times = new Dictionary<string, List<double>>
        {
            ["wasm (fuel on)"] = [],
            ["wasm (fuel off)"] = [],
            ["native C#, same loop and host aggregation"] = [],
            ["native C#, plain group-by"] = [],
            ["analysis plan, noisy (Laplace)"] = [],
            ["analysis plan, exact"] = [],
            ["analysis plan, noisy, tax by a row function"] = [],
            ["DuckDB"] = [],
        };
        var feed = new List<double>();

        // One untimed round first, so that every contender runs its optimised code (tiered JIT, caches).
        _ = NativeJob.Run(data.Batches);
        _ = NativeAggregation.Run(data.Batches);
        _ = DuckDbQuery(duck);
        _ = PlanAggregation.Run(data, noisy: true);
        _ = PlanAggregation.Run(data, noisy: false);
        _ = PlanAggregation.Run(data, noisy: true, rowFunction: true);
        _ = await Sandbox(metered, meteredModule, data, "grouped-stats");
        _ = await Sandbox(unmetered, unmeteredModule, data, "grouped-stats");
        for (var run = 0; run < runs; run++)
        {
            times["wasm (fuel on)"].Add(await Sandbox(metered, meteredModule, data, "grouped-stats"));
            times["wasm (fuel off)"].Add(await Sandbox(unmetered, unmeteredModule, data, "grouped-stats"));
            stopwatch.Restart();
            var sameLoop = NativeJob.Run(data.Batches);
            times["native C#, same loop and host aggregation"].Add(stopwatch.Elapsed.TotalMilliseconds);
            if (sameLoop != BenchData.Groups)
            {
                throw new InvalidOperationException("the native job released the wrong groups");
            }

            stopwatch.Restart();
            var native = NativeAggregation.Run(data.Batches);
            times["native C#, plain group-by"].Add(stopwatch.Elapsed.TotalMilliseconds);
            if (native.Rows != rows || native.Groups != BenchData.Groups)
            {
                throw new InvalidOperationException("native aggregation saw the wrong data");
            }

            foreach (var noisy in new[] { true, false })
            {
                stopwatch.Restart();
                var plan = PlanAggregation.Run(data, noisy);
                times[noisy ? "analysis plan, noisy (Laplace)" : "analysis plan, exact"].Add(stopwatch.Elapsed.TotalMilliseconds);
                if (plan.Groups.Count != BenchData.Groups || plan.RowsRead != rows)
                {
                    throw new InvalidOperationException($"the plan released {plan.Groups.Count} groups over {plan.RowsRead} rows");
                }
            }

            stopwatch.Restart();
            var derived = PlanAggregation.Run(data, noisy: true, rowFunction: true);
            times["analysis plan, noisy, tax by a row function"].Add(stopwatch.Elapsed.TotalMilliseconds);
            if (derived.Groups.Count != BenchData.Groups)
            {
                throw new InvalidOperationException($"the plan with a row function released {derived.Groups.Count} groups");
            }

            times["DuckDB"].Add(DuckDbQuery(duck));

            stopwatch.Restart();
            var fed = await metered.RunAsync(Request(feedModule, data));
            var seconds = stopwatch.Elapsed.TotalSeconds;
            if (fed.Status != JobStatus.Released)
            {
                throw new InvalidOperationException($"feeding job failed: {fed.Reason}");
            }

            feed.Add(fed.Statistics.BytesFed / seconds);
        }

        var sameLoopMedian = Machine.Median(times["native C#, same loop and host aggregation"]);
        var nativeMedian = Machine.Median(times["native C#, plain group-by"]);
        var duckMedian = Machine.Median(times["DuckDB"]);
        Console.WriteLine("| contender | median ms | rows/s | vs native same loop | vs plain C# | vs DuckDB |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, list) in times)
        {
            var median = Machine.Median(list);
            Console.WriteLine($"| {name} | {median:F1} | {rows / (median / 1000):N0} | {median / sameLoopMedian:F2}x | {median / nativeMedian:F2}x | {median / duckMedian:F2}x |");
        }

        Console.WriteLine($"feeding into linear memory (3 columns, bulk copies): {Machine.Median(feed) / 1e9:F2} GB/s");

        var empty = metered.LoadModule(Module.ConvertText(Empty));
        var startup = new List<double>();
        var whole = new List<double>();
        using var tiny = new BenchData(1, 1);
        for (var i = 0; i < 2_000; i++)
        {
            stopwatch.Restart();
            var outcome = await metered.RunAsync(Request(empty, tiny));
            whole.Add(stopwatch.Elapsed.TotalMicroseconds);
            startup.Add(outcome.Statistics.Startup.TotalMicroseconds);
        }

        startup.Sort();
        whole.Sort();
        Console.WriteLine($"cached module to first instruction of dsc_run: median {Machine.Median(startup):F0} us, p99 {startup[(int)(startup.Count * 0.99)]:F0} us (store, linker, instantiation, version check, thread start); whole empty run {Machine.Median(whole):F0} us median");
        return 0;
    }

    private static JobRequest Request(DataSpace.Sandbox.Modules.JobModule module, BenchData data) => new()
    {
        JobId = "bench",
        Module = module,
        Data = data,
        Columns = ["region", "income", "tax"],
        OutputKind = OutputKind.Aggregate,
        Vetting = new JobVetting
        {
            Measures = [new("income", 0, 1_000_000), new("tax", 0, 500_000)],
            GroupKeyColumn = "region",
        },
    };

    private static async Task<double> Sandbox(SandboxHost host, DataSpace.Sandbox.Modules.JobModule module, BenchData data, string what)
    {
        var stopwatch = Stopwatch.StartNew();
        var outcome = await host.RunAsync(Request(module, data));
        var elapsed = stopwatch.Elapsed.TotalMilliseconds;
        if (outcome.Status != JobStatus.Released || outcome.Statistics.RowsRead != data.Rows)
        {
            throw new InvalidOperationException($"{what} did not complete: {outcome.Status} {outcome.Reason}");
        }

        return elapsed;
    }

    private static void LoadDuckDb(DuckDBConnection duck, BenchData data)
    {
        using (var create = duck.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (region INTEGER NOT NULL, income DOUBLE NOT NULL, tax DOUBLE NOT NULL)";
            create.ExecuteNonQuery();
        }

        using var appender = duck.CreateAppender("t");
        foreach (var batch in data.Batches)
        {
            var region = ((Apache.Arrow.Int32Array)batch.Column(0)).Values;
            var income = ((Apache.Arrow.DoubleArray)batch.Column(1)).Values;
            var tax = ((Apache.Arrow.DoubleArray)batch.Column(2)).Values;
            for (var i = 0; i < region.Length; i++)
            {
                appender.CreateRow().AppendValue(region[i]).AppendValue(income[i]).AppendValue(tax[i]).EndRow();
            }
        }
    }

    private static double DuckDbQuery(DuckDBConnection duck)
    {
        var stopwatch = Stopwatch.StartNew();
        using var command = duck.CreateCommand();
        command.CommandText = """
            SELECT region, count(*) AS n,
                   sum(least(greatest(income, 0), 1000000)) AS income_sum, avg(least(greatest(income, 0), 1000000)) AS income_mean,
                   sum(least(greatest(tax, 0), 500000)) AS tax_sum, avg(least(greatest(tax, 0), 500000)) AS tax_mean
            FROM t GROUP BY region
            """;
        using var reader = command.ExecuteReader();
        var groups = 0;
        while (reader.Read())
        {
            groups++;
        }

        var elapsed = stopwatch.Elapsed.TotalMilliseconds;
        if (groups != BenchData.Groups)
        {
            throw new InvalidOperationException($"DuckDB returned {groups} groups");
        }

        return elapsed;
    }

    private static string? Scalar(DuckDBConnection duck, string sql)
    {
        using var command = duck.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}

/// <summary>Finds the repository root (the folder holding Connector.sln) from the working or binary directory.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Connector.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("run the benchmarks from inside the repository (Connector.sln not found)");
    }
}

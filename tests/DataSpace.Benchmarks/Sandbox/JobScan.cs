using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using DataSpace.Benchmarks.Gateway;

namespace DataSpace.Benchmarks.Sandbox;

/// <summary>
/// <c>job-scan [rows per file] [files] [folder] [--only a,b,c] [--warm-ups N]</c> (issue 18, item 4): a grouped-stats module job over a folder dataset of
/// Parquet files (20 × 5,000,000 rows by default: <c>region</c> a dictionary-encoded string of 50 values, <c>income</c>
/// and <c>tax</c> float64), end to end through real <c>dsc serve</c> processes on one PostgreSQL schema with the shared
/// log, against DuckDB's <c>read_parquet</c> with the same query (count and clamped sums per region) in the same run.
/// Configurations: one replica with <c>Connector:Jobs:TaskWorkers=1</c>, one with 2, two replicas with 1 each; DuckDB on
/// 1 and 2 threads. Every run is cold (the page cache dropped just before, which needs root) and timed from the supplier's
/// approval to the first poll that shows the job Released (<c>Jobs:PublishGrid</c> 0); figures are medians of
/// <see cref="Runs"/> after jobs that warm the replicas up (shown, not counted: until <see cref="QuietWarmUps"/> in a row
/// found the replicas' runtimes compiling for at most <see cref="QuietJitSeconds"/>, from their <c>/metrics</c>, or
/// <c>--warm-ups N</c> of them, 30 by default), with the CPU time spent (this process and the replicas) and the load others put on the machine
/// meanwhile. Each measured job is paired with a cold DuckDB run on as many threads as the configuration has task runners,
/// just before it (the machine's speed drifts over minutes), and the ratio of the medians of those pairs is the one to
/// read. Each released aggregate (opened by the data user) must equal DuckDB's counts and sums. Alongside, where the
/// time goes: hashing every file cold (each task hashes its own files before reading them), hashing them again warm on
/// one thread (SHA-256 alone), and the plain reader over the three columns on one thread, cold and warm.
/// The folder is written once (to <c>folder</c>, else under the scratch directory) and reused.
/// </summary>
internal static partial class JobScan
{
    private const int Runs = 3;
    private const int DefaultMaxWarmUps = 30;
    private const int QuietWarmUps = 3;
    private const double QuietJitSeconds = 0.2;
    private const int RowGroup = 250_000;
    private const int Regions = 50;
    private const string AgreementId = "agr-job-scan";
    private const string Query = "SELECT region, count(*), sum(least(greatest(income, 0), 1e6)), sum(least(greatest(tax, 0), 5e5)) "
        + "FROM read_parquet('{0}/**/*.parquet', hive_partitioning = true) GROUP BY region";

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    public static async Task<int> RunAsync(string[] args)
    {
        // --only b,c: run only those configurations (a, b, c) after DuckDB, for profiling one of them.
        var only = Option(args, "--only")?.Split(',') ?? ["a", "b", "c"];
        // --warm-ups N: the most warm-up jobs a configuration runs before the measured ones (shown, not counted).
        var maxWarmUps = int.Parse(Option(args, "--warm-ups") ?? DefaultMaxWarmUps.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        args = [.. args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal))];
        var rowsPerFile = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5_000_000;
        var files = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var folder = args.Length > 2 ? Path.GetFullPath(args[2]) : Path.Combine(Machine.ScratchDirectory("job-scan"), $"tax-{files}x{rowsPerFile}");
        var rows = (long)files * rowsPerFile;
        if (!File.Exists(folder + ".done"))
        {
            var stopwatch = Stopwatch.StartNew();
            await WriteAsync(folder, files, rowsPerFile);
            await File.WriteAllTextAsync(folder + ".done", "complete\n");
            Console.WriteLine($"wrote {files} files of {rowsPerFile:N0} rows in {stopwatch.Elapsed.TotalSeconds:F1} s");
        }

        var bytes = Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        var cold = CanDropCaches();
        Console.WriteLine($"# job-scan: {Machine.Describe()}");
        Console.WriteLine($"dataset: {folder} ({files} files, {rows:N0} rows, {bytes / 1048576.0:F0} MiB, row groups of {RowGroup:N0}; encodings {Encodings(folder)})");
        Console.WriteLine(cold ? "every run cold: page cache dropped (sync; echo 3 > /proc/sys/vm/drop_caches) before it" : "WARNING: cannot drop the page cache (not root?): runs are warm");
        Console.WriteLine($"query: {string.Format(CultureInfo.InvariantCulture, Query, folder)}");

        var reference = Duck(folder, 2);
        Console.WriteLine("DuckDB's result (the reference every release is checked against):");
        foreach (var (region, (count, income, tax)) in reference.OrderBy(r => r.Key, StringComparer.Ordinal).Take(3))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {region}: count {count}, sum(income) {income:F2}, sum(tax) {tax:F2}"));
        }

        Console.WriteLine($"  ... {reference.Count} groups, {reference.Values.Sum(v => v.Count):N0} rows");
        if (reference.Values.Sum(v => v.Count) != rows)
        {
            throw new InvalidOperationException($"DuckDB counted {reference.Values.Sum(v => v.Count)} rows, not {rows}");
        }

        var results = new List<(string Name, List<Sample> Samples)>();
        var paired = new Dictionary<string, (int Threads, List<Sample> Duck)>(StringComparer.Ordinal);
        var parts = only.Length < 3 ? [] : new List<(string Name, List<Sample> Samples)>
        {
            ("hashing every file cold, files on all cores (each task hashes its own files, cold, before reading them)", await TimeAsync(() => HashFolder(folder, Environment.ProcessorCount))),
            ("hashing every file again, warm, 1 thread (SHA-256's CPU cost alone)", await TimeAsync(() => HashFolder(folder, 1), warm: true)),
            ("plain reader, 3 columns, 1 thread, cold (no module)", await TimeAsync(() => ReadAll(folder, rows))),
            ("plain reader, 3 columns, 1 thread, warm (as a task reads after hashing its files)", await TimeAsync(() => ReadAll(folder, rows), warm: true)),
        };
        results.Add(("DuckDB read_parquet, threads=1", await TimeAsync(() => Check("DuckDB threads=1", Duck(folder, 1), reference))));
        results.Add(("DuckDB read_parquet, threads=2", await TimeAsync(() => Check("DuckDB threads=2", Duck(folder, 2), reference))));

        var configurations = new (string Name, int Replicas, int Workers)[]
        {
            ("(a) 1 replica, TaskWorkers=1", 1, 1),
            ("(b) 1 replica, TaskWorkers=2", 1, 2),
            ("(c) 2 replicas, TaskWorkers=1 each", 2, 1),
        };
        foreach (var (name, replicas, workers) in configurations.Where(c => only.Contains(c.Name[1..2], StringComparer.Ordinal)))
        {
            // Each measured job is paired with a cold DuckDB run on as many threads as the configuration has runners, just
            // before it, so the ratio compares runs minutes apart at most, on a machine whose speed drifts.
            var threads = replicas * workers;
            var duck = new List<Sample>();
            results.Add((name, await JobsAsync(folder, rows, replicas, workers, maxWarmUps, reference,
                async () => duck.Add(await TimeDuckAsync(folder, threads, reference)))));
            paired[name] = (threads, duck);
        }

        var duckOne = Machine.Median(results[0].Samples.Select(s => s.Seconds));
        var duckTwo = Machine.Median(results[1].Samples.Select(s => s.Seconds));
        Console.WriteLine();
        Console.WriteLine($"{rows:N0} rows, median of {Runs} cold runs. CPU: the CPU time of this process and its replicas over the run (median; less");
        Console.WriteLine("sensitive to a shared machine than the time). Others' load: the cores others kept busy over the run (the machine's busy");
        Console.WriteLine("time less that CPU; PostgreSQL's included), min–max.");
        Console.WriteLine();
        Console.WriteLine("| contender | median | M rows/s | × DuckDB 1 thread | × DuckDB 2 threads | × DuckDB paired (same cores, just before each run) | CPU (s, ours) | of which replicas' JIT (s) | others' load (cores) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|---:|---:|---:|");
        foreach (var (name, samples) in results)
        {
            var median = Machine.Median(samples.Select(s => s.Seconds));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {median:F2} s | {rows / median / 1e6:F1} | {median / duckOne:F2}× | {median / duckTwo:F2}× | {Paired(name, median)} | {Machine.Median(samples.Select(s => s.CpuSeconds)):F1} | {Machine.Median(samples.Select(s => s.JitSeconds)):F1} | {samples.Min(s => s.OthersLoad):F1}–{samples.Max(s => s.OthersLoad):F1} |"));
        }

        Console.WriteLine();
        Console.WriteLine("Where the time goes (in this process):");
        string Paired(string name, double median) => paired.TryGetValue(name, out var pair)
            ? string.Create(CultureInfo.InvariantCulture, $"**{median / Machine.Median(pair.Duck.Select(s => s.Seconds)):F2}×** (DuckDB {pair.Threads} thread(s): {string.Join(", ", pair.Duck.Select(s => s.Seconds.ToString("F2", CultureInfo.InvariantCulture)))} s)")
            : "";
        foreach (var (name, samples) in parts)
        {
            var median = Machine.Median(samples.Select(s => s.Seconds));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name}: {median:F2} s ({rows / median / 1e6:F1} M rows/s, {bytes / median / 1048576:F0} MiB/s, {Machine.Median(samples.Select(s => s.CpuSeconds)):F1} s CPU), others' load {samples.Min(s => s.OthersLoad):F1}–{samples.Max(s => s.OthersLoad):F1}"));
        }

        return 0;
    }

    /// <summary>
    /// One run's time, what else kept the machine busy meanwhile (cores, on average), the CPU time of this process and the
    /// replicas, and the replicas' JIT compilation time within it.
    /// </summary>
    private sealed record Sample(double Seconds, double OthersLoad, double CpuSeconds, double JitSeconds = 0);

    /// <summary>One cold run of DuckDB's query on <paramref name="threads"/> threads, its result checked against the reference.</summary>
    private static Task<Sample> TimeDuckAsync(string folder, int threads, Dictionary<string, (long Count, double Income, double Tax)> reference)
    {
        DropCaches();
        return MeasureAsync([], () =>
        {
            Check($"DuckDB threads={threads}", Duck(folder, threads), reference);
            return Task.CompletedTask;
        });
    }

    private static string? Option(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

    /// <summary>Runs <paramref name="run"/> <see cref="Runs"/> times in this process, each cold (or each warm, after a first run unmeasured).</summary>
    private static async Task<List<Sample>> TimeAsync(Action run, bool warm = false)
    {
        var samples = new List<Sample>();
        if (warm)
        {
            run();
        }

        for (var i = 0; i < Runs; i++)
        {
            if (!warm)
            {
                DropCaches();
            }

            samples.Add(await MeasureAsync([], () =>
            {
                run();
                return Task.CompletedTask;
            }));
        }

        return samples;
    }

    /// <summary>Times <paramref name="run"/>, with the machine's busy time less this process's and <paramref name="pids"/>' CPU.</summary>
    private static async Task<Sample> MeasureAsync(IReadOnlyList<int> pids, Func<Task> run)
    {
        var (busy, own) = (MachineBusy(), OwnCpu(pids));
        var stopwatch = Stopwatch.StartNew();
        await run();
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var cpu = (OwnCpu(pids) - own).TotalSeconds;
        var others = (MachineBusy() - busy).TotalSeconds - cpu;
        return new Sample(seconds, Math.Max(0, others / seconds), cpu);
    }

    private static TimeSpan OwnCpu(IReadOnlyList<int> pids) =>
        pids.Aggregate(Process.GetCurrentProcess().TotalProcessorTime, (sum, pid) => sum + ProcessCpu.OfTree(pid));

    private static bool CanDropCaches()
    {
        try
        {
            DropCaches();
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    private static void DropCaches()
    {
        using (var sync = Process.Start("sync"))
        {
            sync.WaitForExit();
        }

        File.WriteAllText("/proc/sys/vm/drop_caches", "3\n");
    }

    /// <summary>CPU time all cores spent on anything but idle and I/O wait since boot (<c>/proc/stat</c>, USER_HZ ticks).</summary>
    private static TimeSpan MachineBusy()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return TimeSpan.FromSeconds((fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7]) / 100.0);
    }
}

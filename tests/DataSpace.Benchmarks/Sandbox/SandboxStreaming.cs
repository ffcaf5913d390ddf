using System.Diagnostics;
using System.Globalization;
using DataSpace.Sandbox.Data;
using DataSpace.Sandbox.Hosting;
using DuckDB.NET.Data;
using Parquet;
using Parquet.Schema;

namespace DataSpace.Benchmarks.Sandbox;

/// <summary>
/// The statistics job streaming a Parquet file from disk (row groups of 262,144 rows, batches of 65,536),
/// in a process of its own so that its peak resident memory (VmHWM) belongs to this run only; then DuckDB's
/// read_parquet over the same file in the same process, for comparison. Run it for two sizes: if memory is
/// bounded by the batch and row group, the peaks match while the file grows tenfold.
/// </summary>
internal static class SandboxStreaming
{
    private const int RowGroup = 262_144;

    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
        var path = Path.Combine(Machine.ScratchDirectory("sandbox"), $"tax-{rows}.parquet");
        if (!File.Exists(path))
        {
            await WriteAsync(path, rows);
        }

        var before = PeakResidentMiB();
        var wasm = await File.ReadAllBytesAsync(Path.Combine(Repository.Root, "samples", "jobs", "grouped-stats", "grouped-stats.wasm"));
        using var host = new SandboxHost(new SandboxOptions());
        var module = host.LoadModule(wasm);
        var stopwatch = Stopwatch.StartNew();
        using var data = DataSources.Open(path);
        var outcome = await host.RunAsync(new JobRequest
        {
            JobId = "stream",
            Module = module,
            Data = data,
            Columns = ["region", "income", "tax"],
            OutputKind = OutputKind.Aggregate,
            Vetting = new JobVetting { Measures = [new("income", 0, 1_000_000), new("tax", 0, 500_000)], GroupKeyColumn = "region" },
        });
        var wasmSeconds = stopwatch.Elapsed.TotalSeconds;
        if (outcome.Status != JobStatus.Released || outcome.Statistics.RowsRead != rows)
        {
            throw new InvalidOperationException($"the job did not complete: {outcome.Status} {outcome.Reason} {outcome.Detail}");
        }

        var peak = PeakResidentMiB();
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        stopwatch.Restart();
        using (var command = duck.CreateCommand())
        {
            command.CommandText = $"SELECT region, count(*), sum(least(greatest(income, 0), 1000000)), avg(income), sum(tax), avg(tax) FROM read_parquet('{path}') GROUP BY region";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
            }
        }

        var duckSeconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {rows:N0} | {new FileInfo(path).Length / 1048576.0:F0} MiB | {wasmSeconds * 1000:F0} ms | {rows / wasmSeconds / 1e6:F1} M rows/s | {peak:F0} MiB (before the run {before:F0}) | {duckSeconds * 1000:F0} ms | {wasmSeconds / duckSeconds:F2}x |"));
        return 0;
    }

    private static async Task WriteAsync(string path, long rows)
    {
        var region = new DataField<int>("region");
        var income = new DataField<double>("income");
        var tax = new DataField<double>("tax");
        var random = new Random(20261123);
        var temporary = path + ".tmp";
        await using (var stream = File.Create(temporary))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(region, income, tax), stream))
        {
            for (long start = 0; start < rows; start += RowGroup)
            {
                var length = (int)Math.Min(RowGroup, rows - start);
                var regions = new int[length];
                var incomes = new double[length];
                var taxes = new double[length];
                for (var i = 0; i < length; i++)
                {
                    regions[i] = 1000 + random.Next(BenchData.Groups);
                    incomes[i] = Math.Round(random.NextDouble() * 200_000, 2);
                    taxes[i] = Math.Round(incomes[i] * 0.12, 2);
                }

                using var group = writer.CreateRowGroup();
                await group.WriteAsync<int>(region, regions);
                await group.WriteAsync<double>(income, incomes);
                await group.WriteAsync<double>(tax, taxes);
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static double PeakResidentMiB()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}

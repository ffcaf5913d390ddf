using System.Diagnostics;
using System.Globalization;
using System.Text;
using Apache.Arrow;
using DataSpace.Sandbox.Data;
using DuckDB.NET.Data;
using Parquet;
using Parquet.Schema;

namespace DataSpace.Benchmarks.Sandbox;

/// <summary>
/// Scanning a folder of Parquet files (issue 18, item 4): rows/s of a grouped mean (group by <c>region</c>, mean of
/// <c>income</c>) through the plain reader (<see cref="DataSources.OpenParquetFolder(string, int)"/>, then a C# dictionary
/// over the batches), with the row groups decoded one at a time and on all cores, against DuckDB's <c>read_parquet</c>
/// with the same query on 1 and 2 threads, in the same process and run. The folder (20 files of 1,000,000 rows, row
/// groups of 250,000 by default) is written once under the scratch directory and reused; the operating system's page
/// cache is not dropped, so every run reads from memory ("warm"), including the first after writing. Two more pairs show
/// where the time goes: reading the same columns without grouping, and reading the income column alone (no strings).
/// Usage: <c>parquet-scan [files] [rows per file]</c>.
/// </summary>
internal static class ParquetScan
{
    private const int RowGroup = 250_000;
    private const int BatchRows = 65_536;
    private const int Regions = 50;
    private const int Runs = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var files = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var rowsPerFile = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        var rows = (long)files * rowsPerFile;
        var root = Machine.ScratchDirectory("parquet-scan");
        var folder = Path.Combine(root, $"tax-{files}x{rowsPerFile}");
        var done = folder + ".done";
        if (!File.Exists(done))
        {
            var stopwatch = Stopwatch.StartNew();
            await WriteAsync(folder, files, rowsPerFile);
            await File.WriteAllTextAsync(done, "complete\n");
            Console.WriteLine($"wrote {files} files of {rowsPerFile:N0} rows in {stopwatch.Elapsed.TotalSeconds:F1} s");
        }

        var bytes = Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"machine: {Machine.Describe()}");
        Console.WriteLine($"dataset: {folder} ({files} files, {rows:N0} rows, {bytes / 1048576.0:F0} MiB, row groups of {RowGroup:N0}, batches of {BatchRows:N0}); page cache warm");

        var decodeAll = Environment.ProcessorCount;
        (string Name, Func<Dictionary<string, (double Sum, long Count)>> Run)[] contenders =
        [
            ("reader, decoding on 1 thread", () => Reader(folder, 1)),
            ($"reader, decoding on {decodeAll} threads", () => Reader(folder, decodeAll)),
            ("reader only (no grouping), 1 thread", () => Reader(folder, 1, group: false)),
            ($"reader only (no grouping), {decodeAll} threads", () => Reader(folder, decodeAll, group: false)),
            ("reader, income only (no strings), 1 thread", () => Numbers(folder, 1)),
            ($"reader, income only (no strings), {decodeAll} threads", () => Numbers(folder, decodeAll)),
            ("DuckDB read_parquet, threads=1", () => Duck(folder, 1)),
            ("DuckDB read_parquet, threads=2", () => Duck(folder, 2)),
        ];

        var times = contenders.Select(_ => new List<double>()).ToArray();
        Dictionary<string, (double Sum, long Count)>? reference = null;
        for (var run = 0; run < Runs; run++)
        {
            for (var c = 0; c < contenders.Length; c++)
            {
                var stopwatch = Stopwatch.StartNew();
                var result = contenders[c].Run();
                times[c].Add(stopwatch.Elapsed.TotalSeconds);
                Check(contenders[c].Name, result, rows, ref reference);
            }
        }

        var duckBest = Math.Min(Machine.Median(times[^2]), Machine.Median(times[^1]));
        Console.WriteLine();
        Console.WriteLine("| contender | median of 3 | M rows/s | × DuckDB (best of 1/2 threads) |");
        Console.WriteLine("|---|---:|---:|---:|");
        for (var c = 0; c < contenders.Length; c++)
        {
            var median = Machine.Median(times[c]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {contenders[c].Name} | {median * 1000:F0} ms | {rows / median / 1e6:F1} | {median / duckBest:F2}× |"));
        }

        return 0;
    }

    /// <summary>
    /// The plain reader: every batch of region and income, grouped in a small open-addressing table keyed by the region's
    /// UTF-8 bytes (no string per row); with <paramref name="group"/> false, the batches are only read (decoding alone).
    /// </summary>
    private static Dictionary<string, (double Sum, long Count)> Reader(string folder, int decodeThreads, bool group = true)
    {
        using var source = (PartitionedDataSource)DataSources.OpenParquetFolder(folder);
        source.DecodeThreads = decodeThreads;
        const int Slots = 1024;
        var keys = new byte[Slots][];
        var sums = new double[Slots];
        var counts = new long[Slots];
        long rows = 0;
        foreach (var batch in source.ReadBatches(["region", "income"], BatchRows))
        {
            rows += batch.Length;
            if (group)
            {
                var region = (StringArray)batch.Column(0);
                var income = ((DoubleArray)batch.Column(1)).Values;
                for (var i = 0; i < batch.Length; i++)
                {
                    var bytes = region.GetBytes(i);
                    var hash = default(HashCode);
                    hash.AddBytes(bytes);
                    var slot = hash.ToHashCode() & (Slots - 1);
                    while (keys[slot] is { } key && !bytes.SequenceEqual(key))
                    {
                        slot = (slot + 1) & (Slots - 1);
                    }

                    keys[slot] ??= bytes.ToArray();
                    sums[slot] += income[i];
                    counts[slot]++;
                }
            }

            BatchMemory.Release(batch);
        }

        var groups = new Dictionary<string, (double Sum, long Count)>(StringComparer.Ordinal);
        for (var slot = 0; slot < Slots; slot++)
        {
            if (keys[slot] is { } key)
            {
                groups[Encoding.UTF8.GetString(key)] = (sums[slot], counts[slot]);
            }
        }

        return group ? groups : new() { ["(all)"] = (0, rows) };
    }

    /// <summary>Only the income column read (no strings to decode), summed: how decoding scales without string allocation.</summary>
    private static Dictionary<string, (double Sum, long Count)> Numbers(string folder, int decodeThreads)
    {
        using var source = (PartitionedDataSource)DataSources.OpenParquetFolder(folder);
        source.DecodeThreads = decodeThreads;
        var (sum, rows) = (0.0, 0L);
        foreach (var batch in source.ReadBatches(["income"], BatchRows))
        {
            foreach (var value in ((DoubleArray)batch.Column(0)).Values)
            {
                sum += value;
            }

            rows += batch.Length;
            BatchMemory.Release(batch);
        }

        return new() { ["(all)"] = (sum, rows) };
    }

    private static Dictionary<string, (double Sum, long Count)> Duck(string folder, int threads)
    {
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = $"SET threads = {threads}";
        command.ExecuteNonQuery();
        command.CommandText = $"SELECT region, avg(income), count(*) FROM read_parquet('{folder}/**/*.parquet') GROUP BY region";
        var groups = new Dictionary<string, (double Sum, long Count)>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var count = reader.GetInt64(2);
            groups[reader.GetString(0)] = (reader.GetDouble(1) * count, count);
        }

        return groups;
    }

    /// <summary>Every contender must find the same groups, counts and means (to 1e-9 relative), over all the rows.</summary>
    private static void Check(string name, Dictionary<string, (double Sum, long Count)> result, long rows, ref Dictionary<string, (double Sum, long Count)>? reference)
    {
        if (result.Values.Sum(v => v.Count) != rows)
        {
            throw new InvalidOperationException($"{name} read {result.Values.Sum(v => v.Count)} rows, not {rows}");
        }

        if (result.Count == 1 && result.ContainsKey("(all)"))
        {
            return;
        }

        reference ??= result;
        foreach (var (region, (sum, count)) in reference)
        {
            if (!result.TryGetValue(region, out var other) || other.Count != count
                || Math.Abs((other.Sum / other.Count) - (sum / count)) > 1e-9 * Math.Abs(sum / count))
            {
                throw new InvalidOperationException($"{name} gives another result for region '{region}'");
            }
        }
    }

    private static async Task WriteAsync(string folder, int files, int rowsPerFile)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var names = Enumerable.Range(0, Regions).Select(r => $"region-{r:D2}").ToArray();
        var region = new DataField<string>("region");
        var income = new DataField<double>("income");
        var tax = new DataField<double>("tax");
        var random = new Random(20261205);
        for (var f = 0; f < files; f++)
        {
            await using var stream = File.Create(Path.Combine(folder, $"part-{f:D3}.parquet"));
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(region, income, tax), stream);
            for (var start = 0; start < rowsPerFile; start += RowGroup)
            {
                var length = Math.Min(RowGroup, rowsPerFile - start);
                var regions = new string[length];
                var incomes = new double[length];
                var taxes = new double[length];
                for (var i = 0; i < length; i++)
                {
                    regions[i] = names[random.Next(Regions)];
                    incomes[i] = Math.Round(random.NextDouble() * 200_000, 2);
                    taxes[i] = Math.Round(incomes[i] * 0.12, 2);
                }

                using var group = writer.CreateRowGroup();
                await group.WriteAsync(region, regions);
                await group.WriteAsync<double>(income, incomes);
                await group.WriteAsync<double>(tax, taxes);
            }
        }
    }
}

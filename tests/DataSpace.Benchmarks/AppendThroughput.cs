using System.Diagnostics;
using System.Globalization;
using DataSpace.Crypto.Log;
using Microsoft.Data.Sqlite;

namespace DataSpace.Benchmarks;

/// <summary>
/// Durable appends per second with 1, 16, 64 and 256 concurrent writers, beside the naive baseline of one
/// fsync'd SQLite insert per entry, in the same run on the same disk. Each figure is the median of several runs.
/// </summary>
internal static class AppendThroughput
{
    private static readonly int[] Writers = [1, 16, 64, 256];

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        Console.WriteLine($"# durable appends/s: {seconds} s per run, median of {runs} runs; {Machine.Describe()}");
        var naive = new List<double>();
        var baseline = new List<double>();
        var results = Writers.ToDictionary(w => w, _ => new List<double>());
        for (var run = 0; run < runs; run++)
        {
            naive.Add(SqliteBaseline(seconds, wal: false));
            baseline.Add(SqliteBaseline(seconds, wal: true));
            foreach (var writers in Writers)
            {
                results[writers].Add(await LogAppends(writers, seconds));
            }
        }

        var sqlite = Machine.Median(naive);
        var wal = Machine.Median(baseline);
        Console.WriteLine($"naive baseline: sqlite, one insert per transaction, defaults (rollback journal, synchronous=FULL): {sqlite,10:N0}/s  runs: {Runs(naive)}");
        Console.WriteLine($"tuned sqlite: one insert per transaction, WAL, synchronous=FULL: {wal,10:N0}/s  runs: {Runs(baseline)}");
        foreach (var writers in Writers)
        {
            var median = Machine.Median(results[writers]);
            Console.WriteLine($"log, {writers,3} writers: {median,10:N0}/s  ({median / sqlite:N1}x naive, {median / wal:N1}x WAL)  runs: {Runs(results[writers])}");
        }

        return 0;
    }

    private static async Task<double> LogAppends(int writers, double seconds)
    {
        var directory = Machine.ScratchDirectory($"append-{writers}-{Guid.NewGuid():N}");
        try
        {
            long count = 0;
            double elapsed;
            await using (var log = TransparencyLog.Open(new LogOptions { Directory = directory }))
            {
                var entry = SampleEntry("dataset/tax-2025");
                var stop = Stopwatch.StartNew();
                var deadline = TimeSpan.FromSeconds(seconds);
                await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
                {
                    while (stop.Elapsed < deadline)
                    {
                        await log.AppendAsync(entry);
                        Interlocked.Increment(ref count);
                    }
                })));
                elapsed = stop.Elapsed.TotalSeconds;
            }

            return count / elapsed;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Runs(List<double> runs) => string.Join(", ", runs.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)));

    private static double SqliteBaseline(double seconds, bool wal)
    {
        var directory = Machine.ScratchDirectory($"sqlite-{Guid.NewGuid():N}");
        try
        {
            using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "log.db")};Pooling=False");
            connection.Open();
            using (var setup = connection.CreateCommand())
            {
                setup.CommandText = (wal ? "PRAGMA journal_mode=WAL; " : "") + "PRAGMA synchronous=FULL; CREATE TABLE entries (id INTEGER PRIMARY KEY, body BLOB NOT NULL);";
                setup.ExecuteNonQuery();
            }

            var body = SampleEntry("dataset/tax-2025").ToCanonicalJson();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO entries (body) VALUES ($body)";
            var parameter = insert.Parameters.Add("$body", SqliteType.Blob);
            long count = 0;
            var stop = Stopwatch.StartNew();
            while (stop.Elapsed.TotalSeconds < seconds)
            {
                parameter.Value = body;
                insert.ExecuteNonQuery();
                count++;
            }

            return count / stop.Elapsed.TotalSeconds;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    public static LogEntry SampleEntry(string resource) => new()
    {
        When = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero),
        Actor = "3f2a9c0e5b7d41e8a6c2d9f0b1e4a7c3",
        Action = "dataset.read",
        Resource = resource,
        Decision = "permit",
        Digests = new Dictionary<string, string> { ["module"] = "sha256:9b1f3e0c7a5d2b8e4f6a1c3d5e7f9a0b2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e0f" },
        Details = new Dictionary<string, string> { ["job"] = "job-000123", ["agreement"] = "agr-000045" },
    };
}

using System.Diagnostics;
using System.Globalization;
using DataSpace.Connector.Storage.Postgres;
using DataSpace.Crypto.Log;
using DataSpace.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataSpace.Benchmarks;

/// <summary>
/// Issue 18, item 2: durable appends per second into the shared log on PostgreSQL (<see cref="PostgresLog"/>) with one
/// replica and with three, each replica with its own connections and its own committer as a <c>dsc serve</c> has, all
/// appending into one log on one PostgreSQL on this machine; beside the file log with the same writers, in the same run.
/// Each figure is the median of several runs. PostgreSQL is <c>DSC_TEST_POSTGRES</c>, else a cluster <c>.ci/postgres.sh</c>
/// starts for the run.
/// </summary>
internal static class SharedLogThroughput
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var writers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 256;
        Console.WriteLine($"# shared log, durable appends/s: {writers} writers in all, {seconds} s per run, median of {runs} runs; {Machine.Describe()}");
        var file = new List<double>();
        var one = new List<double>();
        var three = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            file.Add(await FileLogAsync(writers, seconds));
            one.Add(await SharedLogAsync(1, writers, seconds));
            three.Add(await SharedLogAsync(3, writers, seconds));
        }

        var fileMedian = Machine.Median(file);
        var oneMedian = Machine.Median(one);
        var threeMedian = Machine.Median(three);
        Console.WriteLine($"file log, 1 writer process:     {fileMedian,10:N0}/s  runs: {Runs(file)}");
        Console.WriteLine($"shared log, 1 replica:          {oneMedian,10:N0}/s  ({oneMedian / fileMedian:N2}x file)  runs: {Runs(one)}");
        Console.WriteLine($"shared log, 3 replicas:         {threeMedian,10:N0}/s  ({threeMedian / oneMedian:N2}x 1 replica)  runs: {Runs(three)}");
        return 0;
    }

    private static async Task<double> SharedLogAsync(int replicas, int writers, double seconds)
    {
        var (schema, connectionString) = TestPostgres.CreateSchema();
        try
        {
            var logs = new List<PostgresLog>();
            for (var r = 0; r < replicas; r++)
            {
                logs.Add(await PostgresLog.OpenAsync(connectionString, new LogOptions { Directory = "unused" }, NullLogger.Instance));
            }

            try
            {
                return await AppendAsync(logs, writers, seconds);
            }
            finally
            {
                foreach (var log in logs)
                {
                    await log.DisposeAsync();
                }
            }
        }
        finally
        {
            TestPostgres.DropSchema(schema);
        }
    }

    private static async Task<double> FileLogAsync(int writers, double seconds)
    {
        var directory = Machine.ScratchDirectory($"shared-file-{Guid.NewGuid():N}");
        try
        {
            await using var log = TransparencyLog.Open(new LogOptions { Directory = directory });
            return await AppendAsync([log], writers, seconds);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary><paramref name="writers"/> writers spread over the logs, each appending in a loop; acknowledged appends per second.</summary>
    private static async Task<double> AppendAsync(IReadOnlyList<ITransparencyLog> logs, int writers, double seconds)
    {
        var entry = AppendThroughput.SampleEntry("dataset/tax-2025");
        long count = 0;
        var stop = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var log = logs[w % logs.Count];
            while (stop.Elapsed < deadline)
            {
                await log.AppendAsync(entry);
                Interlocked.Increment(ref count);
            }
        })));
        return count / stop.Elapsed.TotalSeconds;
    }

    private static string Runs(List<double> runs) => string.Join(", ", runs.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)));
}

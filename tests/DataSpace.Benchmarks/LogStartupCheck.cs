using System.Diagnostics;
using System.Globalization;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Benchmarks;

/// <summary>
/// The start-up check of a stopped log of 1,000,000 entries (by default): <c>LogCheck.Run</c> as <c>dsc audit fsck</c>
/// runs it (records, chain, tree against the signed checkpoint, derived files), and the whole
/// <c>TransparencyLog.Open</c> a connector start pays (the check, then recovery). The log is built once, signed, closed.
/// </summary>
internal static class LogStartupCheck
{
    public static async Task<int> RunAsync(string[] args)
    {
        var size = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        Console.WriteLine($"# start-up check of a stopped {size:N0}-entry log, median of {runs} runs; {Machine.Describe()}");
        var directory = Path.Combine(Machine.ScratchDirectory($"check-{Guid.NewGuid():N}"), "log");
        using var key = SignatureSuites.Ed25519.GenerateKey();
        try
        {
            var (log, build) = await LargeLog.OpenWithSize(directory, size);
            await using (log)
            {
                Console.WriteLine($"built in {build.TotalSeconds:N1} s ({size / build.TotalSeconds:N0} appends/s, 256 writers)");
                await using var checkpointer = new Checkpointer(log, key, "bench.example/log", Path.Combine(directory, "checkpoint"), TimeSpan.FromHours(1), TimeProvider.System);
                checkpointer.SignNow();
            }

            Console.WriteLine($"entries file: {new FileInfo(Path.Combine(directory, "entries")).Length / (1024.0 * 1024):N0} MiB");
            var check = new List<double>();
            var open = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                var stop = Stopwatch.StartNew();
                var result = LogCheck.Run(directory, key.PublicKey);
                check.Add(stop.Elapsed.TotalSeconds);
                if (!result.IsValid || result.Entries != size)
                {
                    Console.WriteLine($"check failed: {result.Detail}");
                    return 1;
                }

                stop.Restart();
                await using (TransparencyLog.Open(new LogOptions { Directory = directory, CheckpointKey = key.PublicKey }))
                {
                    open.Add(stop.Elapsed.TotalSeconds);
                }
            }

            Console.WriteLine($"LogCheck.Run of {size:N0} entries: median {Machine.Median(check):N2} s  runs: {Format(check)}");
            Console.WriteLine($"TransparencyLog.Open (check + recovery): median {Machine.Median(open):N2} s  runs: {Format(open)}");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
        }

        return 0;
    }

    private static string Format(List<double> times) => string.Join(", ", times.Select(t => t.ToString("N2", CultureInfo.InvariantCulture)));
}

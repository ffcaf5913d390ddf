using System.Diagnostics;
using DataSpace.Crypto.Log;

namespace DataSpace.Benchmarks;

/// <summary>Builds a log of a given size in the scratch folder with many concurrent writers.</summary>
internal static class LargeLog
{
    public static async Task<(ITransparencyLog Log, TimeSpan BuildTime)> OpenWithSize(string directory, long size, int writers = 256)
    {
        var log = TransparencyLog.Open(new LogOptions { Directory = directory });
        var stop = Stopwatch.StartNew();
        var remaining = size - log.Head.Size;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var i = 0L;
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await log.AppendAsync(AppendThroughput.SampleEntry($"dataset/{w}/{i++}"));
            }
        })));
        return (log, stop.Elapsed);
    }

    /// <summary>The process's peak resident set (VmHWM), in MiB.</summary>
    public static double PeakResidentMiB()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }
}

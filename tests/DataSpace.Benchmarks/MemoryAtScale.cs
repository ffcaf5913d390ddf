using System.Globalization;

namespace DataSpace.Benchmarks;

/// <summary>Appends 10,000,000 entries (by default) and reports the process's peak resident memory.</summary>
internal static class MemoryAtScale
{
    public static async Task<int> RunAsync(string[] args)
    {
        var size = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
        Console.WriteLine($"# peak memory while appending {size:N0} entries; {Machine.Describe()}");
        var directory = Machine.ScratchDirectory($"memory-{Guid.NewGuid():N}");
        try
        {
            var (log, build) = await LargeLog.OpenWithSize(Path.Combine(directory, "log"), size);
            await using (log)
            {
                for (var i = 0; i < 1000; i++)
                {
                    log.InclusionProof(Random.Shared.NextInt64(size), size);
                }

                Console.WriteLine($"appended {size:N0} in {build.TotalSeconds:N1} s ({size / build.TotalSeconds:N0}/s, 256 writers)");
                Console.WriteLine($"peak resident memory: {LargeLog.PeakResidentMiB():N0} MiB; managed heap now {GC.GetTotalMemory(false) / (1024.0 * 1024):N0} MiB");
                var bytes = Directory.EnumerateFiles(Path.Combine(directory, "log"), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
                Console.WriteLine($"on disk: {bytes / (1024.0 * 1024):N0} MiB");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        return 0;
    }
}

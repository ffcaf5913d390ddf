using System.Runtime.InteropServices;

namespace DataSpace.Benchmarks;

/// <summary>Describes the machine in the header of every harness report.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} cores ({cpu ?? "unknown cpu"}), {memory:F0} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static string ScratchDirectory(string name)
    {
        var path = Path.Combine(Environment.GetEnvironmentVariable("DSC_BENCH_DIR") ?? Path.Combine(Path.GetTempPath(), "dataspace-bench"), name);
        Directory.CreateDirectory(path);
        return path;
    }
}

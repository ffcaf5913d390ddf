using System.Globalization;

namespace DataSpace.Benchmarks.Gateway;

/// <summary>
/// CPU time (user + system) from <c>/proc</c>: of a process and its live descendants (nginx's workers), and of this
/// process's reaped children (wrk, once it has exited). On a shared machine, the CPU a path spends per request
/// varies far less than its requests/s, and explains the ratio between paths.
/// </summary>
internal static class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>The CPU time of <paramref name="pid"/> and every live process descended from it.</summary>
    public static TimeSpan OfTree(int pid)
    {
        var parents = new Dictionary<int, int>();
        var ticks = new Dictionary<int, long>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                || Read(id) is not { } stat)
            {
                continue;
            }

            parents[id] = stat.Parent;
            ticks[id] = stat.Ticks;
        }

        long total = 0;
        foreach (var (id, own) in ticks)
        {
            for (var at = id; at > 1; at = parents.GetValueOrDefault(at))
            {
                if (at == pid)
                {
                    total += own;
                    break;
                }
            }
        }

        return TimeSpan.FromSeconds(total / TicksPerSecond);
    }

    /// <summary>The CPU time of this process's children that have exited and been waited for.</summary>
    public static TimeSpan OfReapedChildren()
    {
        var fields = Fields(File.ReadAllText("/proc/self/stat"));
        return TimeSpan.FromSeconds((long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / TicksPerSecond);
    }

    private static (int Parent, long Ticks)? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null; // exited meanwhile
        }

        var fields = Fields(text);
        return (int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
    }

    // The fields after "(comm)", which may itself hold spaces: [0] is the state, [1] the parent, [11]/[12] utime/stime,
    // [13]/[14] the waited-for children's cutime/cstime.
    private static string[] Fields(string stat) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
}

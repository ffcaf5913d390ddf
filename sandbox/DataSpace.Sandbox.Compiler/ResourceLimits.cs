using System.Runtime.InteropServices;

namespace DataSpace.Sandbox.Compiler;

/// <summary>
/// Lowers the worker's own resource limits with <c>setrlimit(2)</c> (POSIX.1-2008; Linux's <c>RLIMIT_DATA</c> counts
/// every private writable mapping since Linux 4.7, so it bounds what Wasmtime and the runtime can allocate). Soft and
/// hard limits are set together, so nothing the worker runs afterwards can raise them. Linux only: elsewhere the
/// resource numbers differ and the worker refuses to compile rather than compile unbounded.
/// </summary>
internal static partial class ResourceLimits
{
    private const int RlimitCpu = 0;
    private const int RlimitData = 2;
    private const int RlimitCore = 4;

    /// <summary>Applies the limits; returns the error that stopped it, or null.</summary>
    public static string? Apply(int cpuSeconds, long memoryBytes)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "bounded compilation needs Linux (setrlimit with RLIMIT_DATA); this worker compiles nothing elsewhere";
        }

        // No core file: a worker killed at its limit would otherwise write up to its whole memory to disk.
        return Set(RlimitCore, 0, 0, "RLIMIT_CORE")
            ?? Set(RlimitData, (ulong)memoryBytes, (ulong)memoryBytes, "RLIMIT_DATA")
            ?? Set(RlimitCpu, (ulong)cpuSeconds, (ulong)cpuSeconds + 1, "RLIMIT_CPU");
    }

    private static string? Set(int resource, ulong soft, ulong hard, string name)
    {
        var limit = new Rlimit { Current = soft, Maximum = hard };
        return SetRlimit(resource, ref limit) == 0 ? null : $"setrlimit({name}) failed with errno {Marshal.GetLastPInvokeError()}";
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Rlimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetRlimit(int resource, ref Rlimit limit);
}

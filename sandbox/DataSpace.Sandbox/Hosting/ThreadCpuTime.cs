using System.Runtime.InteropServices;

namespace DataSpace.Sandbox.Hosting;

/// <summary>
/// The CPU time the calling thread has used (docs/metering.md, "CPU time"): <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>
/// on Linux (POSIX.1-2008), <c>GetThreadTimes</c> (kernel + user) on Windows. A run executes on one thread (a module's on
/// its own, a plan's on one worker), so the difference of two readings on that thread is the run's CPU time, untouched
/// by other jobs running at the same time. Null where neither is available; the caller then bills the wall time, which
/// one thread's CPU time never exceeds.
/// </summary>
public static class ThreadCpuTime
{
    private const int ClockThreadCpuTimeId = 3; // Linux <time.h>

    /// <summary>The calling thread's CPU time so far, or null on a platform without a per-thread clock.</summary>
    public static TimeSpan? Now()
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                var spec = new long[2];
                return ClockGetTime(ClockThreadCpuTimeId, spec) == 0 ? TimeSpan.FromTicks((spec[0] * TimeSpan.TicksPerSecond) + (spec[1] / 100)) : null;
            }

            if (OperatingSystem.IsWindows())
            {
                return GetThreadTimes(GetCurrentThread(), out _, out _, out var kernel, out var user) ? TimeSpan.FromTicks(kernel + user) : null;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // No per-thread clock on this system: the caller falls back to the wall time.
        }

        return null;
    }

    /// <summary>The CPU time used since <paramref name="start"/> (a reading of <see cref="Now"/> on this thread), or <paramref name="wall"/> without a clock.</summary>
    public static TimeSpan Since(TimeSpan? start, TimeSpan wall) =>
        start is { } from && Now() is { } now && now >= from ? now - from : wall;

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in the sandbox project; two calls per run.
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, [Out] long[] timespec);

    [DllImport("kernel32", EntryPoint = "GetCurrentThread")]
    private static extern IntPtr GetCurrentThread();

    [DllImport("kernel32", EntryPoint = "GetThreadTimes")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool GetThreadTimes(IntPtr thread, out long creation, out long exit, out long kernel, out long user);
#pragma warning restore SYSLIB1054
}

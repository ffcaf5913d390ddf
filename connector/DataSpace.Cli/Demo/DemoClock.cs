namespace DataSpace.Cli.Demo;

/// <summary>
/// The demo's clock: the system clock, moved forward once the demo's job has run so that the demo can close the month
/// of that run (a month is closed only after it has ended, docs/metering.md, "Settlement statement"). The demo's
/// connector and its signing clients share it, and nothing else sees it; timers and timestamps still run on the
/// system's monotonic clock.
/// </summary>
internal sealed class DemoClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Moves the clock forward to <paramref name="when"/>; never backward (the log's times only grow).</summary>
    public void MoveTo(DateTimeOffset when)
    {
        var offset = when - System.GetUtcNow();
        if (offset.Ticks > Interlocked.Read(ref _offsetTicks))
        {
            Interlocked.Exchange(ref _offsetTicks, offset.Ticks);
        }
    }
}

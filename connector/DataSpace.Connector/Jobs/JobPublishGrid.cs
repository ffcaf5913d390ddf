namespace DataSpace.Connector.Jobs;

/// <summary>
/// The fixed grid the end of a job run is published on (docs/connector-service.md, "Publication grid"): the points
/// start + k × grid, k ≥ 1, counted from the run's start. The executor waits for the first point not before the run's
/// end before it logs, stores or shows anything of that end, so the end's visible time tells only which bucket the
/// run's duration fell in, not how long the job made it. A zero grid publishes at once.
/// </summary>
internal sealed class JobPublishGrid(TimeSpan grid, TimeProvider time)
{
    /// <summary>The grid's step; zero when ends are published at once.</summary>
    public TimeSpan Grid { get; } = grid >= TimeSpan.Zero ? grid : throw new ArgumentOutOfRangeException(nameof(grid), grid, "the grid must not be negative");

    /// <summary>The first grid point after <paramref name="start"/> that is not before <paramref name="now"/>; <paramref name="now"/> itself for a zero grid.</summary>
    public DateTimeOffset PointAfter(DateTimeOffset start, DateTimeOffset now)
    {
        if (Grid == TimeSpan.Zero)
        {
            return now;
        }

        var elapsed = Math.Max(0, (now - start).Ticks);
        var k = Math.Max(1, (elapsed + Grid.Ticks - 1) / Grid.Ticks);
        return start + TimeSpan.FromTicks(Grid.Ticks * k);
    }

    /// <summary>Waits until the grid point after a run that started at <paramref name="start"/> and returns it.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired first (the connector is stopping).</exception>
    public async Task<DateTimeOffset> WaitAsync(DateTimeOffset start, CancellationToken cancellationToken)
    {
        var point = PointAfter(start, time.GetUtcNow());
        for (var left = point - time.GetUtcNow(); left > TimeSpan.Zero; left = point - time.GetUtcNow())
        {
            // A timer may fire a little before the clock reaches the point; wait again for what is left.
            await Task.Delay(left, time, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return point;
    }
}

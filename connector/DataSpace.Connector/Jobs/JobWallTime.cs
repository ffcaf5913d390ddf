using DataSpace.Sandbox.Hosting;

namespace DataSpace.Connector.Jobs;

/// <summary>
/// The wall-time limit of one run, scaled with the rows it is given (docs/connector-service.md, "Wall-time limit"):
/// <c>base + perMillionRows × rows / 10^6</c>, rounded up to whole seconds, at most <paramref name="ceiling"/>
/// (<c>Connector:Sandbox:WallTime</c>). A job over a small dataset cannot hold a run slot for the whole ceiling, and one
/// over a large dataset still has time to read it. The rows are the dataset's as registered, never what the job does.
/// </summary>
internal sealed class JobWallTime(TimeSpan baseTime, TimeSpan perMillionRows, TimeSpan ceiling)
{
    public TimeSpan Ceiling { get; } = ceiling;

    /// <summary>The limit of a run over <paramref name="rows"/> rows.</summary>
    public TimeSpan For(long rows)
    {
        var ticks = Math.Min(baseTime.Ticks + (perMillionRows.Ticks * (Math.Max(0, rows) / 1e6)), Ceiling.Ticks);
        var scaled = TimeSpan.FromSeconds(Math.Ceiling(ticks / TimeSpan.TicksPerSecond));
        return scaled < Ceiling ? scaled : Ceiling;
    }

    /// <summary>The limits a run asks the sandbox for: the manifest's (or the defaults), with the scaled wall time when lower.</summary>
    public static JobLimits Apply(JobLimits? asked, JobLimits defaults, TimeSpan? wallTime)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        var limits = asked is null ? defaults : defaults.Min(asked);
        return wallTime is { } wall && wall < limits.WallTime ? limits with { WallTime = wall } : limits;
    }
}

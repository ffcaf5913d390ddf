namespace DataSpace.Connector.Hosting;

/// <summary>The <c>Connector:Jobs</c> section: how the end of a job run is published (docs/connector-service.md, "Publication grid").</summary>
public sealed class ConnectorJobsOptions
{
    /// <summary>The default <see cref="PublishGrid"/>: a sixth of the default wall-time ceiling of 60 s.</summary>
    public static readonly TimeSpan DefaultPublishGrid = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The end of a run (its state, reason, finish time, log entries and receipt) is published only at the next point of
    /// this grid counted from the run's start, so the run's duration, which the job can make depend on the data, shows
    /// only as a bucket: with the default wall-time ceiling of 60 s, at most ⌈60 / 10⌉ = 6 buckets (plus one for vetting
    /// that runs past the last), under 3 bits per run. Zero publishes at once and gives the job its timing channel back:
    /// only for benchmarks and tests, and only when configured explicitly.
    /// </summary>
    public TimeSpan PublishGrid { get; set; } = DefaultPublishGrid;
}

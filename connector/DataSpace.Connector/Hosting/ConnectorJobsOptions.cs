namespace DataSpace.Connector.Hosting;

/// <summary>
/// The <c>Connector:Jobs</c> section: how approved jobs share the runner (docs/connector-service.md, "Runner fairness"),
/// how long a run may take for its dataset ("Wall-time limit"), and how the end of a run is published ("Publication grid").
/// </summary>
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

    /// <summary>Jobs in the sandbox at a time, all operators together.</summary>
    public int RunSlots { get; set; } = 2;

    /// <summary>
    /// Jobs of one operator in the sandbox at a time: below <see cref="RunSlots"/>, so one operator's endless jobs never
    /// hold every slot.
    /// </summary>
    public int RunSlotsPerOperator { get; set; } = 1;

    /// <summary>The wall-time limit of a run over an empty dataset; each million rows adds <see cref="WallTimePerMillionRows"/>.</summary>
    public TimeSpan WallTimeBase { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// What each million rows of the dataset (rows as registered, both datasets of a join) add to <see cref="WallTimeBase"/>;
    /// the sum is capped by <c>Connector:Sandbox:WallTime</c>, the ceiling, and rounded up to whole seconds.
    /// </summary>
    public TimeSpan WallTimePerMillionRows { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The most tasks an aggregate module job over a folder dataset of several files is split into (docs/connector-service.md,
    /// "Tasks"), at most one per file; the task runners of every replica claim them. 1 runs every job whole.
    /// </summary>
    public int TasksPerJob { get; set; } = 16;

    /// <summary>
    /// Tasks of split jobs this replica runs at a time (each in its own sandbox run, on its own thread). 0: none, for a
    /// replica that only answers requests and runs whole jobs; the jobs it splits wait for the other replicas' runners.
    /// </summary>
    public int TaskWorkers { get; set; } = 2;

    /// <summary>
    /// How long a task's claim lasts unless its runner renews it (every third of it, while the task runs): a replica that
    /// died leaves its tasks to the others after this long.
    /// </summary>
    public TimeSpan TaskLease { get; set; } = TimeSpan.FromSeconds(10);
}

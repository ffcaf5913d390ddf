using DataSpace.Connector.Model;
using DataSpace.Policy.Model;
using DataSpace.Sandbox.Data;
using DataSpace.Sandbox.Modules;

namespace DataSpace.Connector.Jobs;

/// <summary>
/// A job about to run, with everything needed to decide, run, vet and deliver it: a module job's module, or a plan job's
/// plan (and, with a join, the joined dataset's agreement, policy, record and data). Disposing it closes the data.
/// </summary>
public sealed record JobExecution : IDisposable
{
    public required Job Job { get; init; }

    /// <summary>The agreement it runs under: party, purpose, validity.</summary>
    public required Agreement Agreement { get; init; }

    /// <summary>The agreement's policy, as agreed.</summary>
    public required OdrlPolicy Policy { get; init; }

    public required JobManifest Manifest { get; init; }

    /// <summary>The module a module job runs; null for a plan job.</summary>
    public JobModule? Module { get; init; }

    /// <summary>The plan a plan job runs; null for a module job.</summary>
    public DataSpace.Sandbox.Plans.PlanDocument? Plan { get; init; }

    /// <summary>The dataset's record, as registered.</summary>
    public Dataset? Dataset { get; init; }

    /// <summary>With a plan's join: the joined dataset's agreement (the operator's), policy and record.</summary>
    internal Plans.PlanRead? Joined { get; init; }

    /// <summary>With a plan's join: the joined dataset, opened.</summary>
    public IDataSource? JoinedData { get; init; }

    /// <summary>The dataset, opened.</summary>
    public required IDataSource Data { get; init; }

    /// <summary>The dataset's content digest, as registered.</summary>
    public required string DatasetDigest { get; init; }

    /// <summary>The dataset's classification level, as registered.</summary>
    public required long ClassificationLevel { get; init; }

    /// <summary>
    /// The dataset's rows, as registered: the rows a run is given access to, and what it reports as processed (how many a
    /// job pulls is its own choice, so it is never shown to the operator or the data user).
    /// </summary>
    public required long DatasetRows { get; init; }

    /// <summary>The run's wall-time limit, scaled with the dataset's rows (<see cref="JobWallTime"/>); null leaves the configured ceiling.</summary>
    public TimeSpan? WallTime { get; init; }

    /// <summary>Called once when the sandbox run has ended, before its end waits for the publication grid (the runner frees its run slot).</summary>
    public Action? RunEnded { get; init; }

    /// <summary>The dataset's identifying and quasi-identifying columns, as registered: custom output may hold no value of them.</summary>
    public IReadOnlyList<string> IdentifyingColumns { get; init; } = [];

    /// <summary>The federation this run contributes to (docs/federation.md); null for a job of this connector alone.</summary>
    internal Federation.FederatedRun? Federation { get; init; }

    /// <summary>The digest the supplier approved: the module's or the plan's.</summary>
    public string ProgramDigest => Module?.Digest ?? Plan?.Digest ?? Job.ModuleDigest;

    public void Dispose()
    {
        Data.Dispose();
        JoinedData?.Dispose();
    }
}

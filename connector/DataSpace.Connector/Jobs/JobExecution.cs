using DataSpace.Connector.Model;
using DataSpace.Policy.Model;
using DataSpace.Sandbox.Data;
using DataSpace.Sandbox.Modules;

namespace DataSpace.Connector.Jobs;

/// <summary>A job about to run, with everything needed to decide, run, vet and deliver it.</summary>
public sealed record JobExecution
{
    public required Job Job { get; init; }

    /// <summary>The agreement it runs under: party, purpose, validity.</summary>
    public required Agreement Agreement { get; init; }

    /// <summary>The agreement's policy, as agreed.</summary>
    public required OdrlPolicy Policy { get; init; }

    public required JobManifest Manifest { get; init; }

    public required JobModule Module { get; init; }

    /// <summary>The dataset, opened.</summary>
    public required IDataSource Data { get; init; }

    /// <summary>The dataset's content digest, as registered.</summary>
    public required string DatasetDigest { get; init; }

    /// <summary>The dataset's classification level, as registered.</summary>
    public required long ClassificationLevel { get; init; }
}

using DataSpace.Sandbox.Data;
using DataSpace.Sandbox.Modules;

namespace DataSpace.Sandbox.Hosting;

/// <summary>One approved job to run: the module, the data it may read and how its output is vetted.</summary>
public sealed record JobRequest
{
    /// <summary>An id for logs and results.</summary>
    public required string JobId { get; init; }

    /// <summary>The validated module (<see cref="SandboxHost.LoadModule"/>).</summary>
    public required JobModule Module { get; init; }

    /// <summary>The dataset. The job sees only <see cref="Columns"/> of it.</summary>
    public required IDataSource Data { get; init; }

    /// <summary>The granted columns, in the order the job numbers them. Nothing else is ever copied into the sandbox.</summary>
    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>What the job may release.</summary>
    public required OutputKind OutputKind { get; init; }

    /// <summary>Limits for this run; each is capped by the host's configured ceiling.</summary>
    public JobLimits? Limits { get; init; }

    /// <summary>How the output is vetted: minimum group size, noise, minimum training rows, identifying columns.</summary>
    public JobVetting Vetting { get; init; } = new();

    /// <summary>
    /// One task of an aggregate job split over the parts of its dataset (docs/connector-service.md, "Tasks"): the run is checked
    /// as a whole run is (group keys, measures, the ABI's rules), but nothing is released; its exact state comes back in
    /// <see cref="JobOutcome.PartialState"/>, for the connector to merge with the other tasks' and release once
    /// (<see cref="SandboxHost.ReleaseParts"/>). Only for <see cref="OutputKind.Aggregate"/>.
    /// </summary>
    public bool Partial { get; init; }
}

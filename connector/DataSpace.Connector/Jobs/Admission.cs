using DataSpace.Connector.Model;

namespace DataSpace.Connector.Jobs;

/// <summary>The answer of <see cref="JobAdmission"/>: a job ready to submit, or why not (an HTTP status and a detail).</summary>
internal sealed record Admission
{
    public Job? Job { get; init; }

    public byte[] Module { get; init; } = [];

    /// <summary>The module's source, when it was submitted with it (docs/module-review.md).</summary>
    public ModuleSource? Source { get; init; }

    /// <summary>The digests the submission's log entry binds: module, manifest and source (when there is one).</summary>
    public IReadOnlyDictionary<string, string> Digests { get; init; } = new Dictionary<string, string>();

    public int Status { get; init; }

    public string? Detail { get; init; }

    public static Admission Refused(int status, string detail) => new() { Status = status, Detail = detail };
}

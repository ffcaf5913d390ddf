using DataSpace.Connector.Model;

namespace DataSpace.Connector.Jobs;

/// <summary>What <see cref="JobLifecycle"/> did: the job as it now stands, and whether this call made the transition.</summary>
/// <param name="Made">True when this call claimed the job, logged the transition and took its effect.</param>
/// <param name="Job">The job after the transition when made; otherwise as the store holds it now (null when it is gone).</param>
public sealed record TransitionResult(bool Made, Job? Job)
{
    /// <summary>Why the transition is not allowed for this job whatever its state (nothing was claimed or logged); null otherwise.</summary>
    public string? Refusal { get; init; }

    public static TransitionResult Lost(Job? current) => new(false, current);

    /// <summary>The transition is refused for <paramref name="job"/> by a rule of its own (<see cref="Refusal"/>).</summary>
    public static TransitionResult Refused(Job job, string refusal) => new(false, job) { Refusal = refusal };
}

using DataSpace.Policy.Evaluation;
using DataSpace.Sandbox.Hosting;

namespace DataSpace.Connector.Plans;

/// <summary>
/// What the policies say of a plan job: the decision (one dataset's, or with a join both datasets', each permitting the
/// link), the decision of each dataset's policy on its own, and the vetting of the release, or why it cannot run.
/// </summary>
internal sealed record PlanDecision
{
    public required Decision Decision { get; init; }

    /// <summary>Each read's decision, in the order of the reads (the plan's dataset first).</summary>
    public required IReadOnlyList<Decision> Reads { get; init; }

    /// <summary>The release's vetting (noise, minimum group size); null when refused.</summary>
    public JobVetting? Vetting { get; init; }

    /// <summary>Why the job cannot run; null when it can.</summary>
    public string? Refusal { get; init; }

    /// <summary>The HTTP status of a refusal at submission: 403 for the policy, 400 for a plan that does not fit.</summary>
    public int Status { get; init; } = 403;

    /// <summary>Whether every read's policy pre-approves the plan by naming its digest.</summary>
    public bool PreApproved => Refusal is null && Reads.All(ModulePreApproval.Approves);
}

using DataSpace.Policy.Evaluation;

namespace DataSpace.Connector.Jobs;

/// <summary>
/// The duties a permit carries must be ones the connector carries out (docs/policy-profile.md, "Duties"): recording the
/// use (<c>acceptTracking</c>), informing the supplier (<c>inform</c>), holding the result for review
/// (<c>reviewPolicy</c>) and charging the price (<c>compensate</c>). Any other duty (<see cref="ObligationKind.Perform"/>)
/// is one nobody would perform, so the job is refused rather than run as if the duty were met (fail closed). Offers
/// with such a duty are refused when they are made; this catches agreements stored before that rule, or altered since.
/// </summary>
internal static class JobDuties
{
    /// <summary>Why the run permitted by <paramref name="decision"/> cannot meet its duties; null when it can.</summary>
    public static string? Refusal(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (!decision.IsPermitted)
        {
            return null;
        }

        var unperformed = decision.Obligations.Where(o => o.Kind == ObligationKind.Perform).ToList();
        return unperformed.Count == 0
            ? null
            : "the connector cannot carry out the duty " + string.Join(", ", unperformed.Select(o => $"'{o.ActionIri}' ({o.Source})"))
              + "; it performs acceptTracking, inform, reviewPolicy and compensate";
    }
}

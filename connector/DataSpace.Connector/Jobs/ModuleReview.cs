using DataSpace.Connector.Model;
using DataSpace.Policy.Evaluation;

namespace DataSpace.Connector.Jobs;

/// <summary>
/// The rules that make a WebAssembly module reviewed code (docs/module-review.md). A module's output is exact: the job
/// chooses what each row contributes, so no noise calibrated to one row holds against it, and a model's parameters or
/// a custom report are not differentially private. Hence: a module is never approved in advance, even by a policy
/// naming its digest, but waits for the supplier; the supplier approves a module only together with its source; and a
/// module never runs where the policy asks for noise (<c>dsc:epsilon</c>, <c>dsc:delta</c>), at submission or at run
/// time: there aggregates are computed by analysis plans, whose per-row contributions the host controls. An analysis
/// plan is not a module: it is approved by digest and may be pre-approved (docs/analysis-plans.md).
/// </summary>
internal static class ModuleReview
{
    /// <summary>Whether a job is approved in advance: a plan may be, by a permission naming its digest; a module never.</summary>
    public static bool PreApproves(Decision decision, bool isModule)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return !isModule && ModulePreApproval.Approves(decision);
    }

    /// <summary>The reason a submitted module job shows while it waits for the supplier.</summary>
    public static string Waiting(Decision decision, bool withSource)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var why = withSource
            ? "waits for the supplier's review of the module and its source"
            : "waits for the supplier, but was submitted without its source: a supplier approves a module only with its source; submit it again with the source";
        return ModulePreApproval.Approves(decision)
            ? $"{why} ({decision.Permission} names the module's digest, but a module's output is exact, so it is never pre-approved; docs/module-review.md)"
            : why + " (docs/module-review.md)";
    }

    /// <summary>Why a module cannot run under <paramref name="decision"/> (its obligations ask for noise); null when it can.</summary>
    public static string? NoiseRefusal(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        foreach (var obligation in decision.Obligations)
        {
            if (obligation.Kind is ObligationKind.SpendEpsilon or ObligationKind.SpendDelta)
            {
                return $"a WebAssembly module cannot run under a differential-privacy policy ({obligation.Source} asks for noise): there, aggregates " +
                    "are computed by analysis plans, whose per-row contributions the host controls (docs/analysis-plans.md); a module decides what " +
                    "each row contributes, and model and custom outputs are not differentially private (docs/module-review.md)";
            }
        }

        return null;
    }

    /// <summary>Why the supplier cannot approve <paramref name="job"/>: a module submitted without its source; null when it can be approved.</summary>
    public static string? ApprovalRefusal(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Program == JobProgram.Module && job.SourceDigest is null
            ? $"job '{job.Id}' was submitted without its source: the supplier approves a module with its source (docs/module-review.md); " +
              "reject it and ask the operator to submit it again with the source (dsc job submit --source)"
            : null;
    }
}

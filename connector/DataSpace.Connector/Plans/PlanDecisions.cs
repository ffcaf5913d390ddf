using DataSpace.Connector.Jobs;
using DataSpace.Connector.Privacy;
using DataSpace.Policy.Evaluation;
using DataSpace.Policy.State;
using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Hosting;
using DataSpace.Sandbox.Plans;

namespace DataSpace.Connector.Plans;

/// <summary>
/// Asks the policies about a plan job, the same way at submission and at run time (docs/analysis-plans.md, "Policy"):
/// each dataset's policy with that dataset's columns, filter columns and comparisons, its agreement's facts and, with
/// a join, the other dataset as <c>dsc:linkedDataset</c>; both must permit (<see cref="LinkingRules"/>). The release
/// follows the stricter policy: the larger minimum group size, noise when either asks for it (Laplace when either asks
/// for pure ε-DP). Each agreement's price must be computable (<see cref="JobPrices"/>). The plan is then bound to the data
/// with that vetting (<see cref="PlanBinder"/>).
/// </summary>
internal static class PlanDecisions
{
    public static PlanDecision Decide(
        PlanDocument document, JobManifest manifest, IReadOnlyList<PlanRead> reads, IReadOnlyList<long> useCounts, string dataUserId,
        DateTimeOffset now, JobVetting defaults)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(reads);
        var plan = document.Plan;
        var requests = reads.Select((read, i) => Request(document, manifest, read, reads, useCounts[i], dataUserId, now)).ToArray();
        var sides = reads.Select((read, i) => PolicyEvaluator.Evaluate(read.Policy, requests[i])).ToArray();
        var decision = reads.Count == 1
            ? sides[0]
            : LinkingRules.Check(new DatasetPolicy(reads[0].DatasetId, reads[0].Policy), requests[0], new DatasetPolicy(reads[1].DatasetId, reads[1].Policy), requests[1]);
        if (!decision.IsPermitted)
        {
            var whose = reads.Count == 1 ? "the agreement does" : "the agreements do";
            return new PlanDecision
            {
                Decision = decision,
                Reads = sides,
                Refusal = $"{whose} not permit this plan: " + string.Join("; ", decision.Reasons.Select(r => r.ToString())),
            };
        }

        for (var i = 0; i < reads.Count; i++)
        {
            // Each agreement's price must be computable for this run, at submission and at run time (docs/metering.md, "Prices in offers and jobs").
            if ((JobDuties.Refusal(sides[i]) ?? JobPrices.Refusal(reads[i].Policy, sides[i], reads[i].Agreement.Purpose, reads[i].Dataset.RowCount, now)) is { } unpriced)
            {
                return new PlanDecision { Decision = decision, Reads = sides, Refusal = unpriced };
            }
        }

        JobVetting vetting;
        try
        {
            vetting = Stricter(sides.Select(side => manifest.Vetting(side, defaults)));
        }
        catch (ArgumentException e)
        {
            return new PlanDecision { Decision = decision, Reads = sides, Refusal = "the plan cannot be vetted as the agreement asks: " + e.Message, Status = 400 };
        }

        if (vetting.Mechanism == NoiseMechanism.None && vetting.MinGroupSize > OverlapControl.MaxMinGroupSize)
        {
            return new PlanDecision
            {
                Decision = decision,
                Reads = sides,
                Refusal = $"an exact release (the policy asks for no noise) under a minimum group size of {vetting.MinGroupSize} cannot be guarded by " +
                    $"query-set overlap control, which covers minimum group sizes up to {OverlapControl.MaxMinGroupSize}; such data needs a policy with noise",
            };
        }

        try
        {
            PlanBinder.Check(plan, PlanDatasets.Of(reads[0].Dataset), reads.Count > 1 ? PlanDatasets.Of(reads[1].Dataset) : null,
                new PlanBindOptions { Noisy = vetting.Mechanism != NoiseMechanism.None });
        }
        catch (PlanException e)
        {
            return new PlanDecision { Decision = decision, Reads = sides, Refusal = "plan " + e.Message, Status = 400 };
        }

        return new PlanDecision { Decision = decision, Reads = sides, Vetting = vetting };
    }

    /// <summary>
    /// The budget accounts a noisy plan run charges: those of every dataset whose policy asks for noise, under the agreement
    /// read on it, with that agreement's limit (a dataset whose policy asks for none keeps no budget for it); or why a
    /// policy's limit cannot be accounted.
    /// </summary>
    public static (List<(string AgreementId, string DatasetId, PrivacyBudget Limit)> Reads, string? Problem) BudgetReads(PlanDecision decision, IReadOnlyList<PlanRead> reads)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var charged = new List<(string, string, PrivacyBudget)>();
        for (var i = 0; i < reads.Count; i++)
        {
            if (!decision.Reads[i].Obligations.Any(o => o.Kind is ObligationKind.SpendEpsilon or ObligationKind.SpendDelta))
            {
                continue;
            }

            var (limit, problem) = BudgetAccounts.AgreementLimit(decision.Reads[i]);
            if (problem is not null)
            {
                return (charged, problem);
            }

            charged.Add((reads[i].Agreement.Id, reads[i].DatasetId, limit));
        }

        return (charged, null);
    }

    /// <summary>What a plan job asks of <paramref name="read"/>'s policy.</summary>
    public static EvaluationRequest Request(
        PlanDocument document, JobManifest manifest, PlanRead read, IReadOnlyList<PlanRead> reads, long useCount, string dataUserId, DateTimeOffset now)
    {
        var plan = document.Plan;
        var dataset = read.DatasetId;
        var filters = plan.Filters.Where(f => f.Column.Dataset == dataset).ToList();
        return JobPolicyRequests.For(
            manifest with { DatasetId = dataset, Columns = plan.ColumnsOf(dataset) }, read.Agreement, document.Digest, dataUserId,
            read.Dataset.ClassificationLevel, useCount, now) with
        {
            FilterColumns = [.. filters.Select(f => f.Column.Name).Distinct(StringComparer.Ordinal)],
            FilterOperators = [.. filters.Select(f => OperatorTerm(f.Operator)).Distinct(StringComparer.Ordinal)],
            LinkedDatasets = reads.Count > 1 ? [.. reads.Where(r => r.DatasetId != dataset).Select(r => r.DatasetId)] : null,
        };
    }

    /// <summary>The ODRL term of a filter's comparison, as <c>dsc:filterOperator</c> constraints name it.</summary>
    public static string OperatorTerm(FilterOperator op) => op switch
    {
        FilterOperator.Eq => "odrl:eq",
        FilterOperator.Neq => "odrl:neq",
        FilterOperator.Lt => "odrl:lt",
        FilterOperator.Lteq => "odrl:lteq",
        FilterOperator.Gt => "odrl:gt",
        FilterOperator.Gteq => "odrl:gteq",
        FilterOperator.IsAnyOf => "odrl:isAnyOf",
        _ => "odrl:isNoneOf",
    };

    /// <summary>The vetting that satisfies every policy: the largest minimum group size; noise if any asks, pure ε-DP if any asks.</summary>
    private static JobVetting Stricter(IEnumerable<JobVetting> vettings)
    {
        var all = vettings.ToList();
        var mechanism = all.Any(v => v.Mechanism == NoiseMechanism.Laplace) ? NoiseMechanism.Laplace
            : all.Any(v => v.Mechanism == NoiseMechanism.Gaussian) ? NoiseMechanism.Gaussian
            : NoiseMechanism.None;
        var noisy = all.First(v => v.Mechanism == mechanism);
        return all[0] with
        {
            MinGroupSize = all.Max(v => v.MinGroupSize),
            Mechanism = mechanism,
            Epsilon = noisy.Epsilon,
            Delta = mechanism == NoiseMechanism.Gaussian ? noisy.Delta : null,
        };
    }
}

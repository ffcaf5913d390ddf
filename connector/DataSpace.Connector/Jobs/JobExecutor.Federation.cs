using System.Diagnostics;
using DataSpace.Connector.Federation;
using DataSpace.Connector.Model;
using DataSpace.Connector.Plans;
using DataSpace.Crypto.Federation;
using DataSpace.Crypto.Statements;
using DataSpace.Policy.State;
using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Data;
using DataSpace.Sandbox.Plans;

namespace DataSpace.Connector.Jobs;

/// <summary>The fixed reasons of a federated run's end (docs/federation.md).</summary>
internal static class FederationReasons
{
    public static string NeedsLaplace(NoiseMechanism mechanism) =>
        $"a federated job needs an agreement whose policy asks for discrete Laplace noise (docs/federation.md, \"Noise\"); this one asks for {(mechanism == NoiseMechanism.None ? "none" : mechanism.ToString().ToLowerInvariant())}";

    public static string Aborted(string federation, string reason) => $"federation {federation} was aborted: {reason}; nothing was combined";

    public static string NotDelivered(string problem) => "the masked partial was not delivered to the aggregator; nothing was released: " + problem;
}

/// <summary>
/// The run of a federated plan (docs/federation.md): after the same decision, budget debit and read entries as any
/// plan's run, the host evaluates the plan into its exact state, adds this connector's noise shares, masks the
/// vector pairwise, waits for the publication grid, and contributes it: the <c>federation.contribute</c> entry first,
/// then the signed vector to the aggregator. Nothing is released here.
/// </summary>
internal sealed partial class JobExecutor
{
    private async Task<TransitionResult> ContributeAsync(
        JobExecution execution, FederatedRun federated, Sandbox.Hosting.JobVetting vetting, CancellationToken cancellationToken)
    {
        var job = execution.Job;
        var contributing = contributor ?? throw new InvalidOperationException("federated jobs need the federation services");
        var limits = JobWallTime.Apply(execution.Manifest.Limits, sandbox.Options.DefaultLimits, execution.WallTime);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limits.WallTime);
        var run = new PlanRun
        {
            Plan = execution.Plan!.Plan,
            Dataset = PlanDatasets.Of(execution.Dataset!, execution.Data.Schema),
            Data = execution.Data,
            Release = new PlanReleaseOptions { Mechanism = NoiseMechanism.Laplace, Epsilon = vetting.Epsilon, MinGroupSize = vetting.MinGroupSize },
        };
        var noise = new FederatedNoise(federated.Request.Participants.Count, federated.Request.Tolerate);
        var evaluating = Stopwatch.GetTimestamp();
        var cpu = TimeSpan.Zero;
        FederatedPartial Evaluate()
        {
            var cpuStart = Sandbox.Hosting.ThreadCpuTime.Now();
            try
            {
                return FederatedPlans.Contribute(run, noise, deadline.Token);
            }
            finally
            {
                cpu = Sandbox.Hosting.ThreadCpuTime.Since(cpuStart, Stopwatch.GetElapsedTime(evaluating));
            }
        }

        FederatedPartial? partial = null;
        string? failure = null, detail = null;
        try
        {
            partial = await Task.Run(Evaluate, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            (failure, detail) = (PlanReasons.WallTime(limits.WallTime), "the wall-time limit was reached");
        }
        catch (DataSourceException e)
        {
            (failure, detail) = (PlanReasons.DataUnreadable, e.Message);
        }
        catch (PlanException e)
        {
            (failure, detail) = (PlanReasons.NoLongerFits, e.Message);
        }

        var evaluated = Stopwatch.GetElapsedTime(evaluating);
        execution.RunEnded?.Invoke();
        var rows = execution.DatasetRows;
        var meter = RunMeters.OfPlan(execution, partial is null ? MeterOutcome.Failed : MeterOutcome.Released,
            failure is PlanReasons.DataUnreadable or PlanReasons.NoLongerFits, null,
            new PrivacyBudget(vetting.Epsilon ?? 0, 0), new RunMeters.PlanMeasure(cpu, evaluated), CpuQuantum(execution), 0);

        // As for every run: nothing is published off the grid, so when the aggregator receives the vector says nothing.
        await grid.WaitAsync(job.StartedAt ?? time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (partial is null)
        {
            var held = HeldDetail.Create(job.Id, $"job {job.Id}: {failure}\ndetail: {detail}\n", time.GetUtcNow());
            return await lifecycle.FailAsync(job, job.OperatorId, failure!, held, rows, meter, CancellationToken.None).ConfigureAwait(false);
        }

        var masked = contributing.Mask(federated, partial.Vector);
        Array.Clear(partial.Vector);
        try
        {
            return await lifecycle.ContributeAsync(job, federated.Request, SecureAggregation.DigestOf(masked), meter, rows,
                index => contributing.DeliverAsync(federated, job.Id, index, masked, vetting.MinGroupSize, CancellationToken.None),
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (FederationPeerException e)
        {
            // On the aggregator, the federation may have been aborted (a participant refused) while this run went on:
            // then its job is refused with the federation's reason, as when the abort comes after its contribution.
            if (await contributing.AbortedReasonAsync(federated, CancellationToken.None).ConfigureAwait(false) is { } aborted)
            {
                return await lifecycle.RefuseOutputAsync(job, FederationReasons.Aborted(federated.Request.FederationId, aborted), null, rows,
                    meter with { Outcome = MeterOutcome.Refused }, CancellationToken.None).ConfigureAwait(false);
            }

            return await lifecycle.FailAsync(job, job.OperatorId, FederationReasons.NotDelivered(e.Message), null, rows, meter, CancellationToken.None)
                .ConfigureAwait(false);
        }
    }
}

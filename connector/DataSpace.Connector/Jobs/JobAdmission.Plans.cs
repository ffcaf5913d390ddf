using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DataSpace.Connector.Audit;
using DataSpace.Connector.Model;
using DataSpace.Connector.Plans;
using DataSpace.Policy.JsonLd;
using DataSpace.Policy.State;
using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Hosting;
using DataSpace.Sandbox.Plans;

namespace DataSpace.Connector.Jobs;

/// <summary>
/// Admission of an analysis plan (docs/analysis-plans.md, "Submitting"): the plan parsed and canonicalised, its
/// manifest, the agreement (and, with a join, the agreement on the joined dataset, held by the same operator), the
/// recipient, every policy's decision with the plan's facts, the plan bound to the data, and the budget left on every
/// account the run will charge. A plan is pre-approved when every policy it is read under names its digest.
/// </summary>
internal sealed partial class JobAdmission
{
    public async Task<Admission> AdmitPlanAsync(string operatorId, JsonObject? manifestJson, JsonObject planJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(planJson);
        PlanDocument document;
        try
        {
            document = PlanDocument.Parse(Encoding.UTF8.GetBytes(planJson.ToJsonString()));
        }
        catch (PlanException e)
        {
            return Admission.Refused(400, "plan " + e.Message);
        }

        JobManifest manifest;
        try
        {
            manifest = JobManifest.Parse(Encoding.UTF8.GetBytes((manifestJson ?? throw new ManifestException("$", "is required")).ToJsonString()), document.Plan);
        }
        catch (ManifestException e)
        {
            return Admission.Refused(400, "manifest " + e.Message);
        }

        var now = time.GetUtcNow();
        var reads = new List<PlanRead>();
        foreach (var (agreementId, datasetId) in PlanAgreements(document.Plan, manifest))
        {
            var agreement = await store.GetAgreementAsync(agreementId, cancellationToken).ConfigureAwait(false);
            if (agreement is null || agreement.OperatorId != operatorId)
            {
                return Admission.Refused(404, $"you hold no agreement '{agreementId}'");
            }

            if (agreement.RevokedAt is not null || agreement.ValidUntil <= now)
            {
                return Admission.Refused(409, $"agreement '{agreement.Id}' is revoked or has ended");
            }

            if (agreement.DatasetId != datasetId)
            {
                return Admission.Refused(400, $"agreement '{agreement.Id}' covers dataset '{agreement.DatasetId}', not '{datasetId}'");
            }

            var dataset = await store.GetDatasetAsync(datasetId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"dataset {datasetId} of agreement {agreement.Id} is missing");
            var policy = PolicyParser.Parse(agreement.PolicyJson).Policy
                ?? throw new InvalidOperationException($"the policy of agreement {agreement.Id} no longer parses");
            reads.Add(new PlanRead(agreement, policy, dataset));
        }

        var dataUser = await store.GetPartyByKeyIdAsync(manifest.Recipient.KeyId, cancellationToken).ConfigureAwait(false);
        if (dataUser is not { Role: PartyRole.DataUser })
        {
            return Admission.Refused(400, "manifest $.recipient: the key is not a data user's key on the trust list");
        }

        var uses = new List<long>();
        foreach (var read in reads)
        {
            uses.Add((await ledger.GetAsync(read.Agreement.Id, cancellationToken).ConfigureAwait(false)).Uses + 1);
        }

        var decision = PlanDecisions.Decide(document, manifest, reads, uses, dataUser.Id, now, new JobVetting());
        var (refusal, status) = (decision.Refusal, decision.Status);
        if (refusal is null && decision.Vetting!.Mechanism != NoiseMechanism.None)
        {
            // Every account the run will charge, on every dataset it reads, must have room now (the run reserves it for real).
            var (limits, problem) = PlanDecisions.BudgetReads(decision, reads);
            refusal = problem ?? await budgets.ShortfallAsync(
                budgets.For(dataUser.Id, now, limits), new PrivacyBudget(manifest.Epsilon ?? 0, manifest.Delta ?? 0), cancellationToken).ConfigureAwait(false);
            status = refusal is null ? status : 409;
        }

        if (refusal is not null)
        {
            await audit.AppendAsync(operatorId, AuditActions.JobSubmit, "agreement/" + reads[0].Agreement.Id, AuditDecisions.Deny,
                new Dictionary<string, string> { ["agreement"] = reads[0].Agreement.Id, ["reason"] = Truncate(refusal) },
                new Dictionary<string, string> { ["plan"] = document.Digest }).ConfigureAwait(false);
            return Admission.Refused(status, refusal);
        }

        var preApproved = decision.PreApproved;
        var manifestText = manifestJson!.ToJsonString();
        return new Admission
        {
            Job = new Job
            {
                Id = "job-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
                AgreementId = reads[0].Agreement.Id,
                OperatorId = operatorId,
                DataUserId = dataUser.Id,
                DataUserPublicKeyPem = manifest.Recipient.ExportPem(),
                ModuleDigest = document.Digest,
                Program = JobProgram.Plan,
                ManifestJson = manifestText,
                State = preApproved ? JobState.Approved : JobState.Submitted,
                Reason = preApproved
                    ? $"pre-approved by the agreement's policy ({decision.Decision.Permission} names the plan's digest)"
                    : "waits for the supplier's approval of the plan (dsc job plan, dsc job approve)",
                SubmittedAt = now,
                ApprovedAt = preApproved ? now : null,
            },
            Module = document.Canonical.ToArray(),
            Digests = new Dictionary<string, string> { ["plan"] = document.Digest, ["manifest"] = Sha256Digest.Of(manifestText) },
        };
    }

    /// <summary>The agreements a plan job reads under, with their datasets: the manifest's, and the join's.</summary>
    internal static IEnumerable<(string AgreementId, string DatasetId)> PlanAgreements(AnalysisPlan plan, JobManifest manifest)
    {
        yield return (manifest.AgreementId, manifest.DatasetId);
        if (plan.Join is { } join)
        {
            yield return (join.Agreement, join.Dataset);
        }
    }
}

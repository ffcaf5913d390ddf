using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DataSpace.Connector.Audit;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Policy.Evaluation;
using DataSpace.Policy.JsonLd;
using DataSpace.Policy.State;
using DataSpace.Sandbox.Hosting;
using DataSpace.Sandbox.Modules;

namespace DataSpace.Connector.Jobs;

/// <summary>
/// Checks a job at submission, before anyone approves it (docs/connector-service.md, "Jobs"): the manifest, the
/// agreement (held by the operator, standing, on the dataset), the recipient (a data user on the trust list), the
/// module, and then the agreement's policy evaluated for exactly what the job will ask at run time (action, columns,
/// output kind, module, privacy parameters, recipient) with the vetting it implies and the budget left, so that a
/// supplier never approves a job that must fail or that delivers to a stranger. A module is pre-approved only when
/// that evaluation permits it through a permission naming its digest (<see cref="ModulePreApproval"/>). The job's id
/// is made here: random, so a rival can neither guess nor squat it.
/// </summary>
internal sealed class JobAdmission(IConnectorStore store, SandboxHost sandbox, IUsageLedger ledger, AuditTrail audit, TimeProvider time)
{
    public async Task<Admission> AdmitAsync(string operatorId, JsonObject? manifestJson, string? moduleBase64, CancellationToken cancellationToken)
    {
        JobManifest manifest;
        try
        {
            manifest = JobManifest.Parse(Encoding.UTF8.GetBytes((manifestJson ?? throw new ManifestException("$", "is required")).ToJsonString()));
        }
        catch (ManifestException e)
        {
            return Admission.Refused(400, "manifest " + e.Message);
        }

        var now = time.GetUtcNow();
        var agreement = await store.GetAgreementAsync(manifest.AgreementId, cancellationToken).ConfigureAwait(false);
        if (agreement is null || agreement.OperatorId != operatorId)
        {
            return Admission.Refused(404, $"you hold no agreement '{manifest.AgreementId}'");
        }

        if (agreement.RevokedAt is not null || agreement.ValidUntil <= now)
        {
            return Admission.Refused(409, $"agreement '{agreement.Id}' is revoked or has ended");
        }

        if (agreement.DatasetId != manifest.DatasetId)
        {
            return Admission.Refused(400, $"agreement '{agreement.Id}' covers dataset '{agreement.DatasetId}', not '{manifest.DatasetId}'");
        }

        var dataUser = await store.GetPartyByKeyIdAsync(manifest.Recipient.KeyId, cancellationToken).ConfigureAwait(false);
        if (dataUser is not { Role: PartyRole.DataUser })
        {
            return Admission.Refused(400, "manifest $.recipient: the key is not a data user's key on the trust list");
        }

        byte[] wasm;
        try
        {
            wasm = Convert.FromBase64String(moduleBase64 ?? "");
        }
        catch (FormatException)
        {
            return Admission.Refused(400, "module must be the WebAssembly binary in base64");
        }

        JobModule module;
        try
        {
            module = sandbox.LoadModule(wasm);
        }
        catch (ModuleRejectedException e)
        {
            return Admission.Refused(400, "module refused: " + e.Message);
        }

        var dataset = await store.GetDatasetAsync(agreement.DatasetId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"dataset {agreement.DatasetId} of agreement {agreement.Id} is missing");
        var policy = PolicyParser.Parse(agreement.PolicyJson).Policy
            ?? throw new InvalidOperationException($"the policy of agreement {agreement.Id} no longer parses");
        var usage = await ledger.GetAsync(agreement.Id, cancellationToken).ConfigureAwait(false);
        var decision = new PolicyEvaluator(policy).Evaluate(
            JobPolicyRequests.For(manifest, agreement, module.Digest, dataUser.Id, dataset.ClassificationLevel, usage.Uses + 1, now));
        var refusal = decision.IsPermitted ? null : "the agreement does not permit this job: " + string.Join("; ", decision.Reasons.Select(r => r.ToString()));
        var status = 403;
        if (refusal is null)
        {
            try
            {
                manifest.Vetting(decision, new JobVetting());
            }
            catch (ArgumentException e)
            {
                (refusal, status) = ("the job cannot be vetted as the agreement asks: " + e.Message, 400);
            }
        }

        if (refusal is null && BudgetShortfall(decision, manifest, usage) is { } shortfall)
        {
            (refusal, status) = (shortfall, 409);
        }

        if (refusal is not null)
        {
            await audit.AppendAsync(operatorId, AuditActions.JobSubmit, "agreement/" + agreement.Id, AuditDecisions.Deny,
                new Dictionary<string, string> { ["agreement"] = agreement.Id, ["reason"] = Truncate(refusal) },
                new Dictionary<string, string> { ["module"] = module.Digest }).ConfigureAwait(false);
            return Admission.Refused(status, refusal);
        }

        var preApproved = ModulePreApproval.Approves(decision);
        var manifestText = manifestJson!.ToJsonString();
        return new Admission
        {
            Job = new Job
            {
                Id = "job-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
                AgreementId = agreement.Id,
                OperatorId = operatorId,
                DataUserId = dataUser.Id,
                DataUserPublicKeyPem = manifest.Recipient.ExportPem(),
                ModuleDigest = module.Digest,
                ManifestJson = manifestText,
                State = preApproved ? JobState.Approved : JobState.Submitted,
                Reason = preApproved ? $"pre-approved by the agreement's policy ({decision.Permission} names the module's digest)" : null,
                SubmittedAt = now,
                ApprovedAt = preApproved ? now : null,
            },
            Module = wasm,
            Digests = new Dictionary<string, string> { ["module"] = module.Digest, ["manifest"] = Sha256Digest.Of(manifestText) },
        };
    }

    /// <summary>Why the budget left cannot cover the job's epsilon or delta; null when it can (the run reserves it for real).</summary>
    private static string? BudgetShortfall(Decision decision, JobManifest manifest, UsageSnapshot usage)
    {
        foreach (var (kind, asked, spent, name) in new[]
        {
            (ObligationKind.SpendEpsilon, manifest.Epsilon, usage.Epsilon, "epsilon"),
            (ObligationKind.SpendDelta, manifest.Delta, usage.Delta, "delta"),
        })
        {
            var limit = decision.Obligations.Where(o => o.Kind == kind).Select(o => o.Value).Min();
            if (limit is { } bound && asked is { } amount && (decimal)amount + spent > (decimal)bound)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"the agreement's privacy budget cannot cover {name} {amount}: {spent} of {bound} is spent or reserved");
            }
        }

        return null;
    }

    private static string Truncate(string text) => text.Length <= 1000 ? text : text[..997] + "...";
}

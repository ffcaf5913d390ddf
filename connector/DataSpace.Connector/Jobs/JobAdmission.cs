using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DataSpace.Connector.Audit;
using DataSpace.Connector.Model;
using DataSpace.Connector.Privacy;
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
/// output kind, module, privacy parameters, recipient) with the vetting it implies and the budget left on every account
/// the run will charge (<see cref="BudgetAccounts"/>), so that a
/// supplier never approves a job that must fail or that delivers to a stranger. A module is reviewed code
/// (<see cref="ModuleReview"/>): it is never pre-approved, even by a permission naming its digest, it waits for the
/// supplier with its source (<see cref="ModuleSource"/>), and it is refused where the policy asks for noise. The job's id
/// is made here: random, so a rival can neither guess nor squat it.
/// </summary>
internal sealed partial class JobAdmission(IConnectorStore store, SandboxHost sandbox, IUsageLedger ledger, BudgetAccounts budgets, AuditTrail audit, TimeProvider time)
{
    public async Task<Admission> AdmitAsync(string operatorId, JsonObject? manifestJson, string? moduleBase64, string? sourceText, CancellationToken cancellationToken)
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

        // Validated only (a streaming parse with limits): nothing is compiled before the supplier approves the module.
        ValidatedModule module;
        try
        {
            module = sandbox.Validate(wasm);
        }
        catch (ModuleRejectedException e)
        {
            return Admission.Refused(400, "module refused: " + e.Message);
        }

        ModuleSource? source = null;
        if (sourceText is not null && (source = ModuleSource.TryCreate(sourceText, out var sourceProblem)) is null)
        {
            return Admission.Refused(400, sourceProblem!);
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
        if (refusal is null && ModuleReview.NoiseRefusal(decision) is { } noisy)
        {
            // A module never runs where the policy asks for noise (docs/module-review.md): decided before the vetting and the budget.
            refusal = noisy;
        }

        // A price the connector cannot compute refuses the job now, as it would at run time (docs/metering.md, "Prices in offers and jobs").
        // A duty nobody performs refuses the job (fail closed); so does a price the connector cannot compute.
        refusal ??= JobDuties.Refusal(decision) ?? JobPrices.Refusal(policy, decision, agreement.Purpose, dataset.RowCount, now);
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

        if (refusal is null && manifest.Epsilon is { } epsilon && decision.Obligations.Any(o => o.Kind == ObligationKind.SpendEpsilon))
        {
            // Every account the run will charge must have room now (the run reserves it for real, atomically).
            var (limit, problem) = BudgetAccounts.AgreementLimit(decision);
            var shortfall = problem ?? await budgets.ShortfallAsync(
                budgets.For(agreement.Id, agreement.DatasetId, dataUser.Id, limit, now), new PrivacyBudget(epsilon, manifest.Delta ?? 0), cancellationToken).ConfigureAwait(false);
            if (shortfall is not null)
            {
                (refusal, status) = (shortfall, 409);
            }
        }

        if (refusal is not null)
        {
            await audit.AppendAsync(operatorId, AuditActions.JobSubmit, "agreement/" + agreement.Id, AuditDecisions.Deny,
                new Dictionary<string, string> { ["agreement"] = agreement.Id, ["reason"] = Truncate(refusal) },
                new Dictionary<string, string> { ["module"] = module.Digest }).ConfigureAwait(false);
            return Admission.Refused(status, refusal);
        }

        var preApproved = ModuleReview.PreApproves(decision, isModule: true);
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
                Reason = preApproved ? $"pre-approved by the agreement's policy ({decision.Permission} names the module's digest)" : ModuleReview.Waiting(decision, source is not null),
                SourceDigest = source?.Digest,
                SubmittedAt = now,
                ApprovedAt = preApproved ? now : null,
            },
            Module = wasm,
            Source = source,
            Digests = source is null
                ? new Dictionary<string, string> { ["module"] = module.Digest, ["manifest"] = Sha256Digest.Of(manifestText) }
                : new Dictionary<string, string> { ["module"] = module.Digest, ["manifest"] = Sha256Digest.Of(manifestText), ["source"] = source.Digest },
        };
    }

    internal static string Truncate(string text) => text.Length <= 1000 ? text : text[..997] + "...";
}

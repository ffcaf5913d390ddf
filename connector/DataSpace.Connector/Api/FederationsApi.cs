using System.Security.Claims;
using System.Text.Json.Nodes;
using DataSpace.Connector.Federation;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Http;
using DataSpace.Connector.Jobs;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using Microsoft.AspNetCore.Http.HttpResults;

using static DataSpace.Connector.Api.ApiProblems;

namespace DataSpace.Connector.Api;

/// <summary>The body of <c>POST /api/v1/federations</c>: the operator's signed federation request.</summary>
public sealed record FederationSubmission(JsonNode? Statement);

/// <summary>What a participant answers a submission: its job for the federation and its signed key statement.</summary>
public sealed record FederationSubmitted(string Federation, JobView Job, JsonNode Key);

/// <summary>The body of <c>POST /api/v1/federations/{id}/keys</c>: every participant's signed key statement.</summary>
public sealed record FederationKeySet(JsonArray? Keys);

/// <summary>The body of <c>POST /api/v1/federations/{id}/vectors</c>: a participant's signed masked vector.</summary>
public sealed record FederationVectorSubmission(JsonNode? Statement);

/// <summary>The body of <c>POST /api/v1/federations/{id}/abort</c>.</summary>
public sealed record FederationAbort(string? Reason);

/// <summary>A federation as this connector sees it.</summary>
public sealed record FederationView(
    string Federation, string Job, string JobState, bool Aggregator, bool KeysIn, IReadOnlyList<string>? VectorsFrom, string? AbortedReason, string Request);

/// <summary>
/// Federated jobs (docs/federation.md): the operator submits one signed request to every participant and brings them
/// the participants' key set; peer connectors (the federation role) send the aggregator their masked vectors, or an
/// abort; the operator, the supplier and auditors read a federation's state.
/// </summary>
internal static class FederationsApi
{
    public static IEndpointRouteBuilder MapFederationsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/federations").WithTags("Federations");
        api.MapPost("", Submit).RequireAuthorization(PartyPolicies.Operator)
            .WithSummary("Take part in a federated job (operator): the signed request; answers this connector's job and key statement.");
        api.MapPost("/{federationId}/keys", Keys).RequireAuthorization(PartyPolicies.Operator)
            .WithSummary("The participants' signed key statements (the federation's operator); the job may start once they are in.");
        api.MapPost("/{federationId}/vectors", Vector).RequireAuthorization(PartyPolicies.Federation)
            .WithSummary("A participant's signed masked vector (peer connectors, at the aggregator).");
        api.MapPost("/{federationId}/abort", Abort).RequireAuthorization(PartyPolicies.OperatorOrFederation)
            .WithSummary("Abort the federation (its operator, or a participant whose job ended without contributing).");
        api.MapGet("/{federationId}", Get).RequireAuthorization(PartyPolicies.AnyParty)
            .WithSummary("A federation's state here (its operator, the supplier, auditors).");
        return endpoints;
    }

    private static async Task<Results<Created<FederationSubmitted>, ProblemHttpResult>> Submit(
        FederationSubmission submission, ClaimsPrincipal user, IConnectorStore store, JobAdmission admission, JobLifecycle lifecycle,
        FederationMasks masks, SigningKey connectorKey, ConnectorIdentity identity, TimeProvider time, CancellationToken cancellationToken)
    {
        if (FederationRequest.TryRead(submission.Statement, out var problem) is not { } request)
        {
            return Problem(400, problem!);
        }

        var operatorId = PartyClaims.PartyOf(user);
        var party = await store.GetPartyAsync(operatorId, cancellationToken);
        var signer = party?.Keys.FirstOrDefault(k => k.KeyId == request.Statement.Signer);
        string? error = null;
        if (signer is null || !request.Statement.Verify(PublicKey.ImportPem(signer.PublicKeyPem), FederationRequest.Type, out error))
        {
            return Problem(400, $"statement: it must be signed by one of your keys ({error ?? "key " + request.Statement.Signer + " is not yours"})");
        }

        if (request.Participant(identity.KeyId) is not { } self)
        {
            return Problem(422, $"this connector (key {identity.KeyId}) is not a participant of federation {request.FederationId}");
        }

        foreach (var peer in request.Participants.Where(p => p.Connector != identity.KeyId))
        {
            if ((await FederationMessages.PeerKeyAsync(store, identity, peer.Connector, cancellationToken)).Problem is { } peerProblem)
            {
                return Problem(422, peerProblem);
            }
        }

        var now = time.GetUtcNow();
        if (request.Expires <= now || request.Expires > now + FederationRequest.MaxLifetime)
        {
            return Problem(400, $"$.expires: {request.Expires:O} must be in the future and within {FederationRequest.MaxLifetime.TotalDays:0} days");
        }

        if (request.Plan["join"] is not null)
        {
            return Problem(400, "$.plan.join: a federated plan reads one dataset on each connector; joins across connectors are not supported");
        }

        if (await store.GetFederationAsync(request.FederationId, cancellationToken) is not null)
        {
            return Problem(409, $"federation {request.FederationId} exists already on this connector");
        }

        var admitted = await admission.AdmitPlanAsync(operatorId, request.ManifestFor(self), request.Plan, cancellationToken);
        if (admitted.Job is not { } job)
        {
            return Problem(admitted.Status, admitted.Detail!);
        }

        // The federation is stored before its job: a job that exists is never taken for a job of this connector alone.
        try
        {
            await store.AddFederationAsync(new FederationRecord
            {
                FederationId = request.FederationId,
                JobId = job.Id,
                RequestJson = request.Statement.ToString(),
                IsAggregator = request.Aggregator == identity.KeyId,
                CreatedAt = now,
            }, cancellationToken);
        }
        catch (StoreConflictException)
        {
            return Problem(409, $"federation {request.FederationId} exists already on this connector");
        }

        var digests = new Dictionary<string, string>(admitted.Digests) { ["request"] = request.Digest };
        if (!await lifecycle.SubmitAsync(job, admitted.Module, admitted.Source, digests, cancellationToken))
        {
            return Problem(409, $"job '{job.Id}' is being submitted already");
        }

        using var pair = masks.KeyPair(request);
        var key = FederationMessages.KeyStatement(request, pair, connectorKey);
        return TypedResults.Created($"/api/v1/federations/{request.FederationId}",
            new FederationSubmitted(request.FederationId, JobsApi.View(job), JsonNode.Parse(key.ToString())!));
    }

    private static async Task<Results<Ok<FederationView>, ProblemHttpResult>> Keys(
        string federationId, FederationKeySet keySet, ClaimsPrincipal user, IConnectorStore store, FederationMasks masks, ConnectorIdentity identity,
        JobRunnerSignal signal, CancellationToken cancellationToken)
    {
        if (await Visible(federationId, user, store, cancellationToken) is not { } record)
        {
            return Problem(404, $"no federation '{federationId}'");
        }

        var request = FederationRequest.Of(record);
        if (keySet.Keys is not { } keys)
        {
            return Problem(400, "keys: an array of the participants' signed key statements is required");
        }

        using var pair = masks.KeyPair(request);
        var (_, problem) = await FederationMessages.CheckKeySetAsync(request, keys, pair.PublicKey, store, identity, cancellationToken);
        if (problem is not null)
        {
            return Problem(400, problem);
        }

        var stored = new JsonArray([.. keys.Select(k => JsonNode.Parse(SignedStatement.Parse(k!.ToJsonString()).ToString()))]);
        if (!await store.SetFederationKeysAsync(federationId, stored.ToJsonString(), cancellationToken))
        {
            var current = await store.GetFederationAsync(federationId, cancellationToken);
            if (!SameKeys(current!.KeysJson!, stored))
            {
                return Problem(409, $"federation {federationId} has its key set already; it cannot change");
            }
        }

        signal.Wake();
        return TypedResults.Ok(await ViewAsync((await store.GetFederationAsync(federationId, cancellationToken))!, store, cancellationToken));
    }

    private static async Task<Results<Ok<FederationView>, ProblemHttpResult>> Vector(
        string federationId, FederationVectorSubmission submission, ClaimsPrincipal user, IConnectorStore store, FederationInbox inbox,
        CancellationToken cancellationToken)
    {
        SignedStatement statement;
        try
        {
            statement = SignedStatement.Parse(submission.Statement?.ToJsonString() ?? throw new FormatException("statement is required"));
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or ArgumentException)
        {
            return Problem(400, "statement: " + e.Message);
        }

        var from = user.FindFirst(PartyClaims.KeyId)?.Value ?? "";
        if (await inbox.AcceptVectorAsync(federationId, from, statement, cancellationToken) is { } problem)
        {
            return Problem(problem.Status, problem.Detail);
        }

        var record = await store.GetFederationAsync(federationId, cancellationToken);
        return TypedResults.Ok(await ViewAsync(record!, store, cancellationToken));
    }

    private static async Task<Results<Ok<FederationView>, ProblemHttpResult>> Abort(
        string federationId, FederationAbort abort, ClaimsPrincipal user, IConnectorStore store, FederationSignal signal, CancellationToken cancellationToken)
    {
        var record = await store.GetFederationAsync(federationId, cancellationToken);
        var request = record is null ? null : FederationRequest.Of(record);
        var from = user.FindFirst(PartyClaims.KeyId)?.Value ?? "";
        var allowed = request is not null && (user.IsInRole(nameof(PartyRole.Federation))
            ? request.Participant(from) is not null
            : (await store.GetJobAsync(record!.JobId, cancellationToken))?.OperatorId == PartyClaims.PartyOf(user));
        if (!allowed)
        {
            return Problem(404, $"no federation '{federationId}'");
        }

        var reason = string.IsNullOrWhiteSpace(abort.Reason) ? "aborted without a reason" : abort.Reason.Trim();
        reason = reason.Length > 500 ? reason[..500] : reason;
        await store.AbortFederationAsync(federationId, $"{(user.IsInRole(nameof(PartyRole.Federation)) ? "participant " + from : "the operator")}: {reason}",
            cancellationToken);
        signal.Wake();
        return TypedResults.Ok(await ViewAsync((await store.GetFederationAsync(federationId, cancellationToken))!, store, cancellationToken));
    }

    private static async Task<Results<Ok<FederationView>, ProblemHttpResult>> Get(
        string federationId, ClaimsPrincipal user, IConnectorStore store, CancellationToken cancellationToken) =>
        await Visible(federationId, user, store, cancellationToken) is { } record
            ? TypedResults.Ok(await ViewAsync(record, store, cancellationToken))
            : Problem(404, $"no federation '{federationId}'");

    /// <summary>The federation if <paramref name="user"/> may see it: its operator, the supplier and auditors.</summary>
    private static async Task<FederationRecord?> Visible(string federationId, ClaimsPrincipal user, IConnectorStore store, CancellationToken cancellationToken)
    {
        var record = await store.GetFederationAsync(federationId, cancellationToken);
        if (record is null)
        {
            return null;
        }

        if (user.IsInRole(nameof(PartyRole.Supplier)) || user.IsInRole(nameof(PartyRole.Auditor)))
        {
            return record;
        }

        var job = await store.GetJobAsync(record.JobId, cancellationToken);
        return job?.OperatorId == PartyClaims.PartyOf(user) ? record : null;
    }

    private static async Task<FederationView> ViewAsync(FederationRecord record, IConnectorStore store, CancellationToken cancellationToken)
    {
        var job = await store.GetJobAsync(record.JobId, cancellationToken);
        IReadOnlyList<string>? from = record.IsAggregator
            ? [.. (await store.ListFederationVectorsAsync(record.FederationId, cancellationToken)).Select(v => v.Participant)]
            : null;
        return new FederationView(record.FederationId, record.JobId, job?.State.ToString() ?? "unknown", record.IsAggregator, record.KeysJson is not null, from,
            record.AbortedReason, Sha256Digest.Of(record.RequestJson));
    }

    private static bool SameKeys(string storedJson, JsonArray given) => JsonNode.DeepEquals(JsonNode.Parse(storedJson), given);
}

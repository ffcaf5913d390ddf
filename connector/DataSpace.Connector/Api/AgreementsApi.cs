using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Connector.Audit;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Http;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Negotiation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

using static DataSpace.Connector.Api.ApiProblems;

namespace DataSpace.Connector.Api;

/// <summary>An operator's signed request for an agreement (a <see cref="SignedStatement"/> of type <see cref="AgreementsApi.RequestType"/>).</summary>
public sealed record AgreementRequest(JsonObject Statement);

/// <summary>A concluded agreement: the record, and the supplier's and operator's statements.</summary>
public sealed record AgreementResponse(Agreement Agreement, JsonNode? SupplierStatement, JsonNode? OperatorStatement);

/// <summary>
/// Flow 3, "Agree": an operator signs a request for an agreement on an offer, stating purpose and end of
/// validity; the connector checks it against the offer's policy (at most five years, a named party), turns the
/// offer into an agreement policy, countersigns, logs and stores it. The supplier may revoke it.
/// </summary>
internal static class AgreementsApi
{
    /// <summary>The type of the operator's statement: body <c>{agreement, offer, purpose, validUntil}</c>.</summary>
    public const string RequestType = "dataspace/agreement-request/v1";

    /// <summary>The type of the supplier's countersignature.</summary>
    public const string AgreementType = "dataspace/agreement/v1";

    public static IEndpointRouteBuilder MapAgreementsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/agreements").WithTags("Agreements");
        api.MapPost("", Conclude).RequireAuthorization(PartyPolicies.Operator)
            .WithSummary("Conclude an agreement on an offer from a request the operator signed.");
        api.MapPost("/{agreementId}/revoke", Revoke).RequireAuthorization(PartyPolicies.Supplier)
            .WithSummary("Revoke an agreement (supplier only): no further job runs under it.");
        api.MapGet("", List).RequireAuthorization(PartyPolicies.AnyParty)
            .WithSummary("A page of agreements by id (limit, cursor; filters operator, dataset, state active/revoked/ended): all for the supplier and auditors, an operator's own for an operator.");
        return endpoints;
    }

    private static async Task<Results<Created<AgreementResponse>, ProblemHttpResult>> Conclude(
        AgreementRequest request, ClaimsPrincipal user, IConnectorStore store, AuditTrail audit, SigningKey connectorKey,
        ConnectorIdentity identity, TimeProvider time, CancellationToken cancellationToken)
    {
        var operatorId = PartyClaims.PartyOf(user);
        SignedStatement statement;
        try
        {
            statement = SignedStatement.Parse(Encoding.UTF8.GetBytes((request.Statement ?? throw new StatementException("statement is required")).ToJsonString()));
        }
        catch (StatementException e)
        {
            return Problem(400, e.Message);
        }

        var party = await store.GetPartyAsync(operatorId, cancellationToken);
        var key = party?.Keys.FirstOrDefault(k => k.KeyId == statement.Signer);
        if (key is null)
        {
            return Problem(400, $"the statement is signed by key {statement.Signer}, which is not one of {operatorId}'s keys");
        }

        if (!statement.Verify(PublicKey.ImportPem(key.PublicKeyPem), RequestType, out var error))
        {
            return Problem(400, error!);
        }

        string id, offerId, purpose;
        DateTimeOffset validUntil;
        try
        {
            id = Text(statement.Body, "agreement");
            offerId = Text(statement.Body, "offer");
            purpose = Text(statement.Body, "purpose");
            validUntil = DateTimeOffset.Parse(Text(statement.Body, "validUntil"), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (FormatException e)
        {
            return Problem(400, e.Message);
        }

        if ((InvalidId(id, "the statement's agreement", "agreement") ?? InvalidId(offerId, "the statement's offer", "offer")) is { } bad)
        {
            return bad;
        }

        var offer = await store.GetOfferAsync(offerId, cancellationToken);
        if (offer is null)
        {
            return Problem(404, $"no offer '{offerId}'");
        }

        if (offer.WithdrawnAt is not null)
        {
            return Problem(409, $"offer '{offerId}' was withdrawn");
        }

        // Whole seconds: the agreement's window is written into its policy as xsd:dateTime bounds.
        var now = time.GetUtcNow();
        now = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        if (validUntil <= now)
        {
            return Problem(400, "validUntil must be in the future");
        }

        // The agreement is computed on the offer's parsed model, never by editing its JSON (docs/connector-service.md,
        // "Agreements"): what the offer permits this operator, for this purpose, within the window; nothing more.
        var offerPolicy = PolicyParser.Parse(offer.PolicyJson).Policy
            ?? throw new InvalidOperationException($"the stored policy of offer '{offer.Id}' no longer parses");
        var outcome = AgreementBuilder.Build(offerPolicy, new AgreementTerms
        {
            Uid = "urn:agreement:" + id,
            Assignee = operatorId,
            Assigner = identity.Id,
            Target = offer.DatasetId,
            Purpose = purpose,
            ValidFrom = now,
            ValidUntil = validUntil,
        });
        if (outcome.Agreement is not { } agreementPolicy)
        {
            var reasons = string.Join("; ", outcome.Reasons);
            if (outcome.Refusal is AgreementRefusal.InvalidTerms)
            {
                return Problem(400, "the agreement is refused: " + reasons);
            }

            await audit.AppendAsync(operatorId, AuditActions.AgreementCreate, "agreement/" + id, AuditDecisions.Deny,
                new Dictionary<string, string> { ["offer"] = offer.Id, ["dataset"] = offer.DatasetId, ["purpose"] = purpose, ["reason"] = Truncate(reasons) });
            return outcome.Refusal is AgreementRefusal.NotOffered
                ? Problem(403, $"offer '{offer.Id}' is not made for {operatorId}: {reasons}")
                : Problem(422, $"offer '{offer.Id}' could never permit a job for purpose '{purpose}' until {validUntil:O}: {reasons}");
        }

        var policyJson = PolicySerializer.Serialize(agreementPolicy);
        var operatorStatement = statement.ToCanonicalJson();
        var supplier = SignedStatement.Sign(AgreementType, new JsonObject
        {
            ["agreement"] = id,
            ["offer"] = offer.Id,
            ["dataset"] = offer.DatasetId,
            ["operator"] = operatorId,
            ["purpose"] = purpose,
            ["validFrom"] = now.ToString("O"),
            ["validUntil"] = validUntil.ToString("O"),
            ["policy"] = Sha256Digest.Of(policyJson),
            ["operatorStatement"] = Sha256Digest.Of(operatorStatement),
        }, connectorKey);
        var agreement = new Agreement
        {
            Id = id,
            OfferId = offer.Id,
            DatasetId = offer.DatasetId,
            OperatorId = operatorId,
            Purpose = purpose,
            PolicyJson = policyJson,
            ValidFrom = now,
            ValidUntil = validUntil,
            SupplierSignature = supplier.ToString(),
            OperatorSignature = Encoding.UTF8.GetString(operatorStatement),
            CreatedAt = now,
        };

        var operation = await audit.BeginAsync(AuditActions.AgreementCreate, "agreement/" + id, operatorId, AuditDecisions.Permit,
            new Dictionary<string, string> { ["offer"] = offer.Id, ["dataset"] = offer.DatasetId, ["purpose"] = purpose, ["validUntil"] = validUntil.ToString("O") },
            new Dictionary<string, string> { ["agreement"] = Sha256Digest.Of(supplier.ToCanonicalJson()) }, cancellationToken);
        if (operation is null)
        {
            return CatalogApi.Busy("agreement", id);
        }

        try
        {
            await operation.CompleteAsync(() => store.AddAgreementAsync(agreement, operation.Id, CancellationToken.None), CatalogApi.NotStored);
        }
        catch (StoreConflictException e)
        {
            return Problem(409, e.Message);
        }

        return TypedResults.Created($"/api/v1/agreements/{Uri.EscapeDataString(id)}",
            new AgreementResponse(agreement, JsonNode.Parse(agreement.SupplierSignature), JsonNode.Parse(agreement.OperatorSignature)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(
        string agreementId, ClaimsPrincipal user, IConnectorStore store, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await store.GetAgreementAsync(agreementId, cancellationToken) is null)
        {
            return Problem(404, $"no agreement '{agreementId}'");
        }

        // A claim elects the one revocation that logs and takes effect, however many arrive together.
        var claim = audit.NewOperation(AuditActions.AgreementRevoke, "agreement/" + agreementId, PartyClaims.PartyOf(user));
        if (!await store.TryClaimAgreementAsync(agreementId, claim, cancellationToken))
        {
            return Problem(409, $"agreement '{agreementId}' is already revoked, or being revoked");
        }

        var operation = await audit.OpenAsync(claim, AuditDecisions.Permit, null, null);
        await operation.CompleteAsync(async () =>
        {
            if (!await store.RevokeAgreementAsync(agreementId, time.GetUtcNow(), operation.Id, CancellationToken.None))
            {
                throw new InvalidOperationException($"agreement {agreementId} lost the claim of {operation.Id}");
            }
        }, CatalogApi.NotStored);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// A page of agreements by id (docs/connector-service.md, "Lists"): all for the supplier and auditors, an operator's own
    /// for an operator (a filter on another operator then finds none); filtered by operator, dataset and state.
    /// </summary>
    private static async Task<Results<Ok<IReadOnlyList<Agreement>>, ProblemHttpResult>> List(
        [FromQuery(Name = "operator")] string? operatorId, string? dataset, string? state, string? limit, string? cursor,
        ClaimsPrincipal user, IConnectorStore store, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        AgreementStanding? standing = null;
        if (state is not null)
        {
            if (!Enum.TryParse<AgreementStanding>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(state, out _))
            {
                return Problem(400, $"state: '{state}' is not an agreement state; one of active, revoked, ended");
            }

            standing = parsed;
        }

        if ((ListPaging.ReadLimit(limit, out var count)
            ?? (operatorId is null ? null : InvalidId(operatorId, "operator", "party"))
            ?? (dataset is null ? null : InvalidId(dataset, "dataset", "dataset"))) is { } bad)
        {
            return bad;
        }

        var filters = ListPaging.Filters(("operator", operatorId), ("dataset", dataset), ("state", standing?.ToString()));
        if (ListPaging.ReadCursor(cursor, "agreements", filters, [JsonValueKind.String], out var key) is { } badCursor)
        {
            return badCursor;
        }

        var party = PartyClaims.PartyOf(user);
        var seesAll = user.IsInRole(nameof(PartyRole.Supplier)) || user.IsInRole(nameof(PartyRole.Auditor));
        if (!seesAll && operatorId is not null && operatorId != party)
        {
            return TypedResults.Ok<IReadOnlyList<Agreement>>([]);
        }

        var agreements = await store.PageAgreementsAsync(new AgreementQuery
        {
            Limit = count + 1,
            After = key?[0]!.GetValue<string>(),
            OperatorId = seesAll ? operatorId : party,
            DatasetId = dataset,
            Standing = standing,
            Now = time.GetUtcNow(),
        }, cancellationToken);
        var page = ListPaging.Page(context, agreements, count, a => ListPaging.Cursor("agreements", filters, JsonValue.Create(a.Id)));
        return TypedResults.Ok<IReadOnlyList<Agreement>>([.. page.Where(a => seesAll || a.OperatorId == party)]);
    }

    /// <summary>A reason list fit for one log detail: at most 1,000 characters.</summary>
    private static string Truncate(string text) => text.Length <= 1000 ? text : text[..997] + "...";

    private static string Text(JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length is > 0 and <= 256
            ? text
            : throw new FormatException($"the statement's '{name}' is missing or not a string of 1 to 256 characters");

}

using System.Security.Claims;
using DataSpace.Connector.Audit;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Http;
using DataSpace.Connector.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

using static DataSpace.Connector.Api.ApiProblems;

namespace DataSpace.Connector.Api;

/// <summary>
/// Taking a party off the trust list (docs/connector-service.md, "Removing a party"), supplier only: claimed, logged,
/// done in the store, then the party's keys forgotten by this replica's trusted-key cache, so a request signed with them
/// is refused 401 from the next one. The party's agreements, jobs and log entries stay on record.
/// </summary>
internal static class PartiesApi
{
    public static IEndpointRouteBuilder MapPartiesApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapDelete("/api/v1/parties/{partyId}", RemoveParty).WithTags("Catalogue").RequireAuthorization(PartyPolicies.Supplier)
            .WithSummary("Take a party off the trust list: its keys are refused from then on; its agreements stay on record (supplier only).");
        return endpoints;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveParty(
        string partyId, ClaimsPrincipal user, IConnectorStore store, AuditTrail audit, TrustedKeyCache trustList, ConnectorIdentity identity,
        TimeProvider time, CancellationToken cancellationToken)
    {
        // The route's id is checked against the id grammar before this runs (ResourceIdMiddleware).
        if (string.Equals(partyId, identity.Id, StringComparison.Ordinal))
        {
            return Problem(409, $"'{partyId}' is this connector's own supplier party: it signs the connector's requests and cannot be removed");
        }

        if (await store.GetPartyAsync(partyId, cancellationToken) is not { } party)
        {
            return Problem(404, $"no party '{partyId}' is on the trust list");
        }

        var operation = await audit.BeginAsync(AuditActions.PartyRemove, "party/" + party.Id, PartyClaims.PartyOf(user), AuditDecisions.Permit,
            new Dictionary<string, string> { ["role"] = party.Role.ToString(), ["keys"] = string.Join(",", party.Keys.Select(k => k.KeyId)) }, null, cancellationToken);
        if (operation is null)
        {
            return CatalogApi.Busy("party", party.Id);
        }

        try
        {
            await operation.CompleteAsync(
                () => store.RemovePartyAsync(party.Id, time.GetUtcNow(), operation.Id, CancellationToken.None),
                failure => failure is StoreConflictException { Reason: StoreConflictReason.MissingReference }
                    ? "not removed: the party was no longer on the trust list"
                    : CatalogApi.NotStored(failure));
        }
        catch (StoreConflictException e) when (e.Reason == StoreConflictReason.MissingReference)
        {
            return Problem(404, $"no party '{partyId}' is on the trust list");
        }
        finally
        {
            // Whatever the store says now is what the next request should see: no cached key outlives this call.
            trustList.Forget(party.Id);
        }

        return TypedResults.NoContent();
    }
}

using System.Security.Claims;
using DataSpace.Connector.Http;
using DataSpace.Connector.Jobs;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Policy.JsonLd;
using DataSpace.Policy.State;
using Microsoft.AspNetCore.Http.HttpResults;

using static DataSpace.Connector.Api.ApiProblems;

namespace DataSpace.Connector.Api;

/// <summary>
/// <c>GET /api/v1/agreements/{agreementId}/usage</c>: the agreement's use count from the usage ledger and the limit its
/// policy sets (<see cref="AgreementUses"/>). As <see cref="Privacy.BudgetReport"/> limits the budget, the supplier and
/// auditors see every agreement's count and an operator only the agreements it holds; for anyone else the agreement does
/// not exist (404), so a rival learns neither the count nor that the agreement is there.
/// </summary>
internal static class AgreementUsageApi
{
    public static IEndpointRouteBuilder MapAgreementUsageApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/v1/agreements").WithTags("Agreements")
            .MapGet("/{agreementId}/usage", Get).RequireAuthorization(PartyPolicies.AnyParty)
            .WithSummary("An agreement's use count and the limit its policy's count constraints set: every agreement for the supplier and auditors, an operator's own for an operator.");
        return endpoints;
    }

    private static async Task<Results<Ok<AgreementUses>, ProblemHttpResult>> Get(
        string agreementId, ClaimsPrincipal user, IConnectorStore store, IUsageLedger ledger, CancellationToken cancellationToken)
    {
        var seesAll = user.IsInRole(nameof(PartyRole.Supplier)) || user.IsInRole(nameof(PartyRole.Auditor));
        var agreement = await store.GetAgreementAsync(agreementId, cancellationToken);
        if (agreement is null || (!seesAll && agreement.OperatorId != PartyClaims.PartyOf(user)))
        {
            return Problem(404, $"no agreement '{agreementId}'");
        }

        var policy = PolicyParser.Parse(agreement.PolicyJson).Policy
            ?? throw new InvalidOperationException($"the stored policy of agreement '{agreement.Id}' no longer parses");
        var usage = await ledger.GetAsync(agreement.Id, cancellationToken);
        return TypedResults.Ok(new AgreementUses
        {
            AgreementId = agreement.Id,
            DatasetId = agreement.DatasetId,
            OperatorId = agreement.OperatorId,
            Uses = usage.Uses,
            UseLimit = UseLimit.Of(policy),
        });
    }
}

using System.Security.Claims;
using DataSpace.Connector.Http;
using DataSpace.Connector.Model;
using DataSpace.Connector.Privacy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataSpace.Connector.Api;

/// <summary>
/// <c>GET /api/v1/budget[?dataset=ID]</c>: per dataset, the privacy-budget accounts with spent amounts and limits
/// (docs/privacy-budget.md). Any party may ask; each sees only what <see cref="BudgetReport"/> lets it see.
/// </summary>
internal static class BudgetApi
{
    public static IEndpointRouteBuilder MapBudgetApi(this IEndpointRouteBuilder endpoints)
    {
        var budget = endpoints.MapGroup("/api/v1/budget").WithTags("Budget");
        budget.MapGet("", Get).RequireAuthorization(PartyPolicies.AnyParty)
            .WithSummary("Per dataset: the privacy-budget accounts (spent, limit) the caller may see, and the configured limits.");
        return endpoints;
    }

    private static async Task<Results<Ok<IReadOnlyList<DatasetBudget>>, ProblemHttpResult>> Get(
        ClaimsPrincipal user, BudgetReport report, string? dataset, CancellationToken cancellationToken)
    {
        var seesAll = user.IsInRole(nameof(PartyRole.Supplier)) || user.IsInRole(nameof(PartyRole.Auditor));
        return await report.ForAsync(dataset, PartyClaims.PartyOf(user), seesAll, cancellationToken) is { } budgets
            ? TypedResults.Ok(budgets)
            : ApiProblems.Problem(404, $"no dataset '{dataset}'");
    }
}

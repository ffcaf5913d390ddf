using System.Security.Claims;
using DataSpace.Connector.Http;
using DataSpace.Connector.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataSpace.Connector.Api;

/// <summary>Who signed a request, as the connector's trust list knows it: the party, its name and role, and the key it signed with.</summary>
public sealed record WhoAmI(string Party, string Name, PartyRole Role, string KeyId);

/// <summary>
/// <c>GET /api/v1/whoami</c>: tells a client (the console, docs/console.md) which party and role its key stands for, so
/// its pages follow the role the connector will enforce rather than one the client assumes.
/// </summary>
internal static class WhoAmIApi
{
    public static IEndpointRouteBuilder MapWhoAmIApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/whoami", Get).RequireAuthorization(PartyPolicies.AnyParty).WithTags("Identity")
            .WithSummary("The signer's party, name, role and key id, as the trust list has them (any party).");
        return endpoints;
    }

    private static Ok<WhoAmI> Get(ClaimsPrincipal user) => TypedResults.Ok(new WhoAmI(
        PartyClaims.PartyOf(user),
        user.FindFirstValue(ClaimTypes.Name) ?? "",
        Enum.Parse<PartyRole>(user.FindFirstValue(PartyClaims.Role)!),
        user.FindFirstValue(PartyClaims.KeyId)!));
}

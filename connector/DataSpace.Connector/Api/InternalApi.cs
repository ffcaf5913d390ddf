using DataSpace.Connector.Http;
using DataSpace.Connector.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataSpace.Connector.Api;

/// <summary>One key of a party on the trust list, as the gateway verifies with it.</summary>
public sealed record TrustListKey(string KeyId, string PublicKey);

/// <summary>A party on the trust list, with its role (a <c>PartyRole</c> name) and keys.</summary>
public sealed record TrustListParty(string Id, string Name, string Role, IReadOnlyList<TrustListKey> Keys);

/// <summary>The trust list the gateway verifies client signatures against.</summary>
public sealed record TrustList(IReadOnlyList<TrustListParty> Parties);

/// <summary>
/// <c>/internal/v1/*</c>: calls of the gateway itself, authenticated by its internal assertion (docs/gateway.md).
/// Left out of the OpenAPI document: it is not an API for parties, and the gateway never forwards it.
/// </summary>
internal static class InternalApi
{
    public static IEndpointRouteBuilder MapInternalApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/internal/v1").RequireAuthorization(PartyPolicies.Gateway).ExcludeFromDescription();
        api.MapGet("/trust-list", GetTrustList);
        return endpoints;
    }

    private static async Task<Ok<TrustList>> GetTrustList(IConnectorStore store, CancellationToken cancellationToken)
    {
        var parties = await store.ListPartiesAsync(cancellationToken);
        return TypedResults.Ok(new TrustList([.. parties.Select(party => new TrustListParty(
            party.Id,
            party.DisplayName,
            party.Role.ToString(),
            [.. party.Keys.Select(key => new TrustListKey(key.KeyId, key.PublicKeyPem))]))]));
    }
}

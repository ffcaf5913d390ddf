using Microsoft.AspNetCore.Http.HttpResults;

namespace DataSpace.Connector.Hosting;

/// <summary><c>GET /api/v1/connector</c>: the connector's identity (see <see cref="ConnectorIdentity"/>).</summary>
internal static class ConnectorApi
{
    public static IEndpointRouteBuilder MapConnectorApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/connector").WithTags("Connector");
        group.MapGet("", GetIdentity)
            .WithName("GetConnectorIdentity")
            .WithSummary("The connector's id, name, key and log origin: what a party needs to verify what it signs.");
        return endpoints;
    }

    private static Ok<ConnectorIdentity> GetIdentity(ConnectorIdentity identity, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return TypedResults.Ok(identity);
    }
}

using DataSpace.Crypto.HttpSignatures;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace DataSpace.Hosting;

/// <summary>
/// The origins parties sign requests for (<c>Connector:PublicOrigins</c> or <c>Gateway:PublicOrigins</c>;
/// docs/connector-service.md and docs/gateway.md, "Origins"): the configured ones, or by default those of the addresses
/// Kestrel listens on, known once it has started (with the real port when 0 was asked for). Never the request's Host.
/// </summary>
public sealed class ServerOrigins(IReadOnlyCollection<string> configured, IServer server)
{
    private PublicOrigins? _origins;

    public PublicOrigins Current => _origins ??= configured.Count > 0
        ? PublicOrigins.Parse(configured)
        : PublicOrigins.FromListeningUrls(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
}

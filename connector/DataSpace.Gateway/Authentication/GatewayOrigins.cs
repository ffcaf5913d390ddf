using DataSpace.Crypto.HttpSignatures;
using DataSpace.Gateway.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace DataSpace.Gateway.Authentication;

/// <summary>
/// The origins clients sign for (<c>Gateway:PublicOrigins</c>, docs/gateway.md "Origins"); by default those of the
/// addresses Kestrel listens on, known once it has started (with the real port when 0 was asked for).
/// </summary>
internal sealed class GatewayOrigins(IOptions<GatewayOptions> options, IServer server)
{
    private PublicOrigins? _origins;

    public PublicOrigins Current => _origins ??= Resolve();

    private PublicOrigins Resolve()
    {
        var configured = options.Value.PublicOrigins;
        return configured.Count > 0
            ? PublicOrigins.Parse(configured)
            : PublicOrigins.FromListeningUrls(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);
    }
}

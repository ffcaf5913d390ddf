using DataSpace.Connector.Hosting;
using DataSpace.Crypto.HttpSignatures;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace DataSpace.Connector.Http;

/// <summary>
/// The origins parties sign direct requests for (<c>Connector:PublicOrigins</c>, docs/connector-service.md "Origins");
/// by default those of the addresses Kestrel listens on, known once it has started (with the real port when 0 was
/// asked for).
/// </summary>
internal sealed class ConnectorOrigins(IOptions<ConnectorOptions> options, IServer server)
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

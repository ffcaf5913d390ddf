using DataSpace.Crypto.HttpSignatures;
using DataSpace.Gateway.Authentication;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;

namespace DataSpace.Gateway.Forwarding;

/// <summary>
/// The last request transform: removes the client's <c>Signature</c>, <c>Signature-Input</c> and any
/// <c>Dsc-Gateway</c>, fixes the outgoing URI, and adds the gateway's own <c>Dsc-Gateway</c> assertion MAC'd over
/// that URI's path and query exactly as they are sent (docs/gateway.md). <c>Content-Digest</c> is forwarded as is. The
/// assertion's nonce is the client's own, so the connector spends it where it spends those of direct requests.
/// </summary>
internal sealed class GatewayAssertionTransform(GatewaySecret secret, TimeProvider time) : RequestTransform
{
    public override ValueTask ApplyAsync(RequestTransformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.ProxyRequest.Headers;
        headers.Remove("Signature");
        headers.Remove("Signature-Input");
        headers.Remove(GatewayAssertion.HeaderName);

        var signer = context.HttpContext.Features.Get<GatewayRequestFeature>();
        if (signer?.Signer is not { } key)
        {
            // The public checkpoint: forwarded plain.
            return ValueTask.CompletedTask;
        }

        // Set the URI here, as YARP would after the transforms, so that the MAC covers what goes on the wire.
        var uri = RequestUtilities.MakeDestinationAddress(context.DestinationPrefix, context.Path, context.Query.QueryString);
        context.ProxyRequest.RequestUri = uri;
        var request = context.HttpContext.Request;
        var digests = request.Headers[ContentDigest.HeaderName];
        headers.TryAddWithoutValidation(GatewayAssertion.HeaderName, GatewayAssertion.Create(
            secret.Value,
            request.Method,
            uri.PathAndQuery,
            key.PartyId,
            signer.KeyId!,
            time.GetUtcNow().ToUnixTimeSeconds(),
            signer.Nonce!,
            digests.Count == 1 ? digests[0] : null));
        return ValueTask.CompletedTask;
    }
}

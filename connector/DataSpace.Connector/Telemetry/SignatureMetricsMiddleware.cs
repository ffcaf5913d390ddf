using DataSpace.Connector.Http;
using DataSpace.Crypto.HttpSignatures;
using Microsoft.AspNetCore.Authentication;

namespace DataSpace.Connector.Telemetry;

/// <summary>
/// Counts refused signatures and gateway assertions by reason (<c>dataspace.connector.signature.failures</c>), right after
/// authentication: it reads the signature handler's result of this request, which the handler keeps, so nothing is
/// verified twice and the handler itself carries no metrics code.
/// </summary>
internal sealed class SignatureMetricsMiddleware(RequestDelegate next, ConnectorMetrics metrics)
{
    /// <param name="context">The request.</param>
    /// <param name="handlers">The request's own (scoped) handler provider, which holds the handler that authenticated it.</param>
    public async Task InvokeAsync(HttpContext context, IAuthenticationHandlerProvider handlers)
    {
        if (await handlers.GetHandlerAsync(context, PartyClaims.Scheme).ConfigureAwait(false) is { } handler
            && (await handler.AuthenticateAsync().ConfigureAwait(false)).Failure is { } failure)
        {
            var scheme = context.Request.Headers.ContainsKey(GatewayAssertion.HeaderName) ? "gateway_assertion" : "signature";
            metrics.SignatureRefused(scheme, SignatureRefusals.ReasonOf(failure.Message));
        }

        await next(context).ConfigureAwait(false);
    }
}

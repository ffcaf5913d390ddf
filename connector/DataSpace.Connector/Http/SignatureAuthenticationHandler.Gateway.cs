using System.Security.Claims;
using DataSpace.Crypto.HttpSignatures;
using Microsoft.AspNetCore.Authentication;

namespace DataSpace.Connector.Http;

/// <summary>Requests forwarded by the gateway: authenticated by its <c>Dsc-Gateway</c> assertion alone (docs/gateway.md).</summary>
internal sealed partial class SignatureAuthenticationHandler
{
    private async Task<AuthenticateResult> AuthenticateGatewayAsync()
    {
        if (!_gateway.Enabled)
        {
            return AuthenticateResult.Fail(
                $"this connector does not accept {GatewayAssertion.HeaderName} assertions (Connector:Gateway:Enabled is false)");
        }

        var request = Request;
        var header = request.Headers[GatewayAssertion.HeaderName];
        var digests = request.Headers[ContentDigest.HeaderName];
        if (header.Count != 1 || digests.Count > 1)
        {
            return AuthenticateResult.Fail(
                $"gateway assertion refused: the request must carry one {GatewayAssertion.HeaderName} and at most one {ContentDigest.HeaderName} field");
        }

        if (request.ContentLength > Options.MaxBodyBytes)
        {
            return AuthenticateResult.Fail($"the body is larger than the {Options.MaxBodyBytes} bytes a signed request may carry");
        }

        var digest = digests.Count == 1 ? digests[0] : null;
        var result = GatewayAssertion.Verify(
            _gateway.Secret,
            header[0] ?? "",
            request.Method,
            RawTarget(),
            digest,
            _time.GetUtcNow(),
            _gateway.MaxAge,
            Options.ClockSkew,
            _nonces);
        if (!result.IsValid)
        {
            return AuthenticateResult.Fail($"gateway assertion refused ({result.Failure}): {result.Detail}");
        }

        // The MAC covers the digest; the body must be what the digest says (RFC 9530 section 2).
        if (await ReadBodyAsync().ConfigureAwait(false) is { Length: > 0 } body)
        {
            if (digest is null)
            {
                return AuthenticateResult.Fail($"gateway assertion refused (ContentDigestMismatch): the request has a body but no {ContentDigest.HeaderName}");
            }

            if (!ContentDigest.Verify(digest, body, out var detail))
            {
                return AuthenticateResult.Fail($"gateway assertion refused (ContentDigestMismatch): {detail}");
            }
        }

        var assertion = result.Assertion!;
        if (assertion.IsInternal)
        {
            var gateway = new ClaimsIdentity([new Claim(PartyClaims.Gateway, PartyClaims.GatewayInternal)], PartyClaims.Scheme);
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(gateway), PartyClaims.Scheme));
        }

        // The role comes from this connector's own trust list, never from the gateway.
        var found = await _trustList.FindAsync(assertion.KeyId, Context.RequestAborted).ConfigureAwait(false);
        if (found is not { } hit)
        {
            return AuthenticateResult.Fail($"gateway assertion refused (UnknownKeyId): key '{assertion.KeyId}' is not on this connector's trust list");
        }

        if (!string.Equals(hit.Party.Id, assertion.Party, StringComparison.Ordinal))
        {
            return AuthenticateResult.Fail(
                $"gateway assertion refused (PartyMismatch): key '{assertion.KeyId}' belongs to '{hit.Party.Id}', not '{assertion.Party}'");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(PartyClaims.PartyId, hit.Party.Id),
                new Claim(PartyClaims.Role, hit.Party.Role.ToString()),
                new Claim(PartyClaims.KeyId, assertion.KeyId),
                new Claim(ClaimTypes.Name, hit.Party.DisplayName),
                new Claim(PartyClaims.Via, PartyClaims.ViaGateway),
            ],
            PartyClaims.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), PartyClaims.Scheme));
    }
}

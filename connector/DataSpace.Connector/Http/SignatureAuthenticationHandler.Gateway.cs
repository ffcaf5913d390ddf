using System.Security.Claims;
using DataSpace.Crypto.HttpSignatures;
using Microsoft.AspNetCore.Authentication;
using DataSpace.Hosting;

namespace DataSpace.Connector.Http;

/// <summary>
/// Requests forwarded by the gateway: authenticated by its <c>Dsc-Gateway</c> assertion alone (docs/gateway.md), checked
/// before the body is read, its nonce spent in the namespace of direct signatures once the body matched.
/// </summary>
internal sealed partial class SignatureAuthenticationHandler
{
    private async Task<AuthenticateResult> AuthenticateGatewayAsync()
    {
        if (!_gateway.Enabled)
        {
            return Refuse(
                SignatureRefusal.Unauthorized,
                $"this connector does not accept {GatewayAssertion.HeaderName} assertions (Connector:Gateway:Enabled is false)");
        }

        var request = Request;
        var header = request.Headers[GatewayAssertion.HeaderName];
        var digests = request.Headers[ContentDigest.HeaderName];
        if (header.Count != 1 || digests.Count > 1)
        {
            return Refuse(
                SignatureRefusal.Unauthorized,
                $"gateway assertion refused: the request must carry one {GatewayAssertion.HeaderName} and at most one {ContentDigest.HeaderName} field");
        }

        // The MAC, the age and the party, before a byte of the body is read; the nonce is spent last.
        var digest = digests.Count == 1 ? digests[0] : null;
        var now = _time.GetUtcNow();
        var result = GatewayAssertion.Verify(
            _gateway.Secret, header[0] ?? "", request.Method, RawTarget(), digest, now, _gateway.MaxAge, Options.ClockSkew);
        if (!result.IsValid)
        {
            // Only a MAC that verified came from the gateway; anything else is a forgery, counted per address.
            var refusal = result.Failure is GatewayAssertionFailure.Malformed or GatewayAssertionFailure.MacInvalid
                ? SignatureRefusal.Unauthorized
                : SignatureRefusal.UnauthorizedFromGateway;
            return Refuse(refusal, $"gateway assertion refused ({result.Failure}): {result.Detail}");
        }

        var assertion = result.Assertion!;
        var (nonceKey, principal) = await PrincipalOfAsync(assertion).ConfigureAwait(false);
        if (principal is null)
        {
            return Refuse(SignatureRefusal.UnauthorizedFromGateway, nonceKey);
        }

        // One nonce namespace with direct signatures: a party's assertion carries the nonce of the client's signature,
        // remembered under its key id, so a request seen by the gateway is refused here directly, and the other way round.
        if (_nonces.IsRemembered(nonceKey, assertion.Nonce))
        {
            return Refuse(SignatureRefusal.UnauthorizedFromGateway, $"gateway assertion refused ({GatewayAssertionFailure.Replayed}): {GatewayAssertion.HeaderName}: nonce '{assertion.Nonce}' was seen before");
        }

        if (RequestBody.IsAnnounced(request))
        {
            // The MAC covers the digest; the body must be what the digest says (RFC 9530 section 2).
            if (digest is null)
            {
                return Refuse(
                    SignatureRefusal.UnauthorizedFromGateway,
                    $"gateway assertion refused (ContentDigestMismatch): the request has a body but no {ContentDigest.HeaderName}");
            }

            using var content = ContentDigestVerifier.TryCreate(digest, out var malformed);
            if (content is null)
            {
                return Refuse(SignatureRefusal.UnauthorizedFromGateway, $"gateway assertion refused (ContentDigestMismatch): {malformed}");
            }

            if (await ReadBodyAsync(content).ConfigureAwait(false) is { } refused)
            {
                return refused;
            }

            if (!content.Verify(out var detail))
            {
                return Refuse(SignatureRefusal.UnauthorizedFromGateway, $"gateway assertion refused (ContentDigestMismatch): {detail}");
            }
        }

        // Remembered until a direct replay of the client's request would be too old too (its created is at most the
        // clock skew after the assertion's).
        var created = DateTimeOffset.FromUnixTimeSeconds(Math.Min(assertion.Created, 253_402_300_799));
        var lifetime = (_gateway.MaxAge > Options.MaxAge + Options.ClockSkew ? _gateway.MaxAge : Options.MaxAge + Options.ClockSkew) + Options.ClockSkew;
        if (!_nonces.TryRemember(nonceKey, assertion.Nonce, created + lifetime))
        {
            return Refuse(SignatureRefusal.UnauthorizedFromGateway, $"gateway assertion refused ({GatewayAssertionFailure.Replayed}): {GatewayAssertion.HeaderName}: nonce '{assertion.Nonce}' was seen before (or the replay store is full)");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(principal, PartyClaims.Scheme));
    }

    /// <summary>
    /// The key the assertion's nonce is remembered under, and the principal: the gateway's own for an internal call
    /// (<c>gw:</c>), else the party with its role from this connector's trust list, never from the gateway. A null
    /// principal comes with the refusal in place of the key.
    /// </summary>
    private async Task<(string NonceKeyOrRefusal, ClaimsPrincipal? Principal)> PrincipalOfAsync(GatewayAssertion assertion)
    {
        if (assertion.IsInternal)
        {
            var gateway = new ClaimsIdentity([new Claim(PartyClaims.Gateway, PartyClaims.GatewayInternal)], PartyClaims.Scheme);
            return (GatewayAssertion.NoncePrefix, new ClaimsPrincipal(gateway));
        }

        var found = await _trustList.FindAsync(assertion.KeyId, Context.RequestAborted).ConfigureAwait(false);
        if (found is not { } hit)
        {
            return ($"gateway assertion refused (UnknownKeyId): key '{assertion.KeyId}' is not on this connector's trust list", null);
        }

        if (!string.Equals(hit.Party.Id, assertion.Party, StringComparison.Ordinal))
        {
            return ($"gateway assertion refused (PartyMismatch): key '{assertion.KeyId}' belongs to '{hit.Party.Id}', not '{assertion.Party}'", null);
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
        return (assertion.KeyId, new ClaimsPrincipal(identity));
    }
}

using System.Security.Claims;
using System.Text.Encodings.Web;
using DataSpace.Connector.Model;
using DataSpace.Crypto.HttpSignatures;
using DataSpace.Crypto.Signatures;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace DataSpace.Connector.Http;

/// <summary>The claims a verified request carries: who signed it and in which role.</summary>
public static class PartyClaims
{
    public const string Scheme = "HttpMessageSignature";

    public const string PartyId = "dsc:party";

    public const string Role = ClaimTypes.Role;

    public const string KeyId = "dsc:keyid";

    /// <summary>How the request reached the connector: <see cref="ViaGateway"/> when the gateway verified it.</summary>
    public const string Via = "dsc:via";

    public const string ViaGateway = "gateway";

    /// <summary>The only claim of the gateway's own internal calls, with the value <see cref="GatewayInternal"/>.</summary>
    public const string Gateway = "dsc:gateway";

    public const string GatewayInternal = "internal";

    /// <summary>The verified party's id; throws when the request was not authenticated.</summary>
    public static string PartyOf(ClaimsPrincipal user) =>
        user.FindFirstValue(PartyId) ?? throw new InvalidOperationException("the request carries no verified party");
}

/// <summary>Options of <see cref="SignatureAuthenticationHandler"/>.</summary>
public sealed class SignatureAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>
    /// How old a signature may be. One minute (plus 30 s of skew) keeps the replay window short and the nonce
    /// store's million entries enough for about 11,000 signed requests per second, sustained.
    /// </summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Tolerated clock difference.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest body verified (and buffered) for its content digest.</summary>
    public long MaxBodyBytes { get; set; } = 64L * 1024 * 1024;
}

/// <summary>
/// Authenticates every request by its RFC 9421 signature: the key id must belong to a party on the trust list,
/// the signature must cover method, target URI and (with a body) the content digest, be fresh and carry a
/// nonce never seen before. The verified party and role become the request's identity; anything else is
/// refused with 401 and the reason.
/// </summary>
internal sealed partial class SignatureAuthenticationHandler : AuthenticationHandler<SignatureAuthenticationOptions>
{
    private readonly TrustedKeyCache _trustList;
    private readonly INonceStore _nonces;
    private readonly TimeProvider _time;
    private readonly GatewayTrust _gateway;

    public SignatureAuthenticationHandler(
        IOptionsMonitor<SignatureAuthenticationOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        TrustedKeyCache trustList,
        INonceStore nonces,
        TimeProvider time,
        GatewayTrust gateway)
        : base(options, logger, encoder)
    {
        _gateway = gateway;
        _trustList = trustList;
        _nonces = nonces;
        _time = time;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var request = Request;
        if (request.Headers.ContainsKey(GatewayAssertion.HeaderName))
        {
            // Only the assertion counts: the gateway verified the client's signature and removed it.
            return await AuthenticateGatewayAsync().ConfigureAwait(false);
        }

        if (!request.Headers.ContainsKey("Signature-Input") && !request.Headers.ContainsKey("Signature"))
        {
            return AuthenticateResult.NoResult();
        }

        var components = HttpMessageComponents.ForRawTarget(request.Method, request.Scheme, request.Host.Value ?? "", RawTarget());
        foreach (var header in request.Headers)
        {
            foreach (var value in header.Value)
            {
                if (value is not null)
                {
                    components.AddHeader(header.Key, value);
                }
            }
        }

        if (request.ContentLength > Options.MaxBodyBytes)
        {
            return AuthenticateResult.Fail($"the body is larger than the {Options.MaxBodyBytes} bytes a signed request may carry");
        }

        if (await ReadBodyAsync().ConfigureAwait(false) is { } body)
        {
            components.SetContent(body);
        }

        var cache = new Dictionary<string, (Party Party, PublicKey Key)?>(StringComparer.Ordinal);
        foreach (var keyId in request.Headers["Signature-Input"].SelectMany(HttpMessageVerifier.KeyIdsNamed))
        {
            cache[keyId] = await _trustList.FindAsync(keyId, Context.RequestAborted).ConfigureAwait(false);
        }

        var result = HttpMessageVerifier.Verify(
            components,
            keyId => cache.TryGetValue(keyId, out var found) && found is { } hit ? hit.Key : null,
            new VerificationPolicy { Now = _time.GetUtcNow(), MaxAge = Options.MaxAge, ClockSkew = Options.ClockSkew },
            _nonces);
        if (!result.IsValid)
        {
            return AuthenticateResult.Fail($"request signature refused ({result.Failure}): {result.Detail}");
        }

        var signer = cache[result.KeyId!]!.Value.Party;
        var identity = new ClaimsIdentity(
            [
                new Claim(PartyClaims.PartyId, signer.Id),
                new Claim(PartyClaims.Role, signer.Role.ToString()),
                new Claim(PartyClaims.KeyId, result.KeyId!),
                new Claim(ClaimTypes.Name, signer.DisplayName),
            ],
            PartyClaims.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), PartyClaims.Scheme));
    }

    /// <summary>The target as it arrived: a re-parsed URI could differ from what the client (or gateway) signed.</summary>
    private string RawTarget() =>
        Context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (Request.PathBase + Request.Path + Request.QueryString).ToString();

    /// <summary>The body, buffered so the endpoint can read it again; null when the request has none.</summary>
    private async Task<byte[]?> ReadBodyAsync()
    {
        var request = Request;
        if (request.ContentLength is not > 0 && request.Headers.TransferEncoding.Count == 0)
        {
            return null;
        }

        request.EnableBuffering(bufferThreshold: 1024 * 1024, bufferLimit: Options.MaxBodyBytes);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, Context.RequestAborted).ConfigureAwait(false);
        request.Body.Position = 0;
        return buffer.ToArray();
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false)).Failure?.Message
            ?? "this endpoint needs a request signed (RFC 9421) by a party on the connector's trust list";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Signature";
        await WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized", failure).ConfigureAwait(false);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var detail = Context.User.FindFirstValue(PartyClaims.Gateway) is not null
            ? "this endpoint is not open to the gateway's internal calls"
            : $"this endpoint is not open to the {Context.User.FindFirstValue(PartyClaims.Role) ?? "unknown"} role";
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", detail);
    }

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        if (Context.RequestServices.GetService(typeof(IProblemDetailsService)) is IProblemDetailsService problems)
        {
            await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = Context,
                ProblemDetails = { Status = status, Title = title, Detail = detail },
            }).ConfigureAwait(false);
        }
    }
}

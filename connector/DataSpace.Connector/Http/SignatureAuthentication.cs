using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using DataSpace.Connector.Model;
using DataSpace.Crypto.HttpSignatures;
using DataSpace.Crypto.Signatures;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using DataSpace.Hosting;

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

    /// <summary>
    /// Largest body read (and buffered) for its content digest when the endpoint sets no limit of its own; an endpoint's
    /// <c>RequestSizeLimit</c> (<c>WithUploadLimits</c>) is read from the request.
    /// </summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;
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
    private readonly ServerOrigins _origins;
    private readonly ContentBudget _budget;
    private readonly RefusalRateLimiter _refusals;

    public SignatureAuthenticationHandler(
        IOptionsMonitor<SignatureAuthenticationOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        TrustedKeyCache trustList,
        INonceStore nonces,
        TimeProvider time,
        GatewayTrust gateway,
        ServerOrigins origins,
        ContentBudget budget,
        RefusalRateLimiter refusals)
        : base(options, logger, encoder)
    {
        _gateway = gateway;
        _trustList = trustList;
        _nonces = nonces;
        _time = time;
        _origins = origins;
        _budget = budget;
        _refusals = refusals;
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

        // @target-uri and @authority come from this connector's own origins; the Host field only picks one of them.
        var origins = _origins.Current;
        if (origins.Find(request.Host.Value, request.Scheme) is not { } origin)
        {
            return Refuse(SignatureRefusal.Unauthorized, $"request signature refused ({HttpSignatureFailure.UnknownOrigin}): the request is addressed to '{request.Host.Value}', which is not an origin of this connector ({origins}): sign for one of them (Connector:PublicOrigins)");
        }

        var components = HttpMessageComponents.ForRawTarget(request.Method, origin.Scheme, origin.Authority, RawTarget());
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

        var cache = new Dictionary<string, (Party Party, PublicKey Key)?>(StringComparer.Ordinal);
        foreach (var keyId in request.Headers["Signature-Input"].SelectMany(HttpMessageVerifier.KeyIdsNamed))
        {
            cache[keyId] = await _trustList.FindAsync(keyId, Context.RequestAborted).ConfigureAwait(false);
        }

        // Everything the header fields decide, before a byte of the body is read (docs/http-signatures.md).
        var hasBody = RequestBody.IsAnnounced(request);
        var policy = new VerificationPolicy
        {
            Now = _time.GetUtcNow(),
            MaxAge = Options.MaxAge,
            ClockSkew = Options.ClockSkew,
            MinNonceLength = GatewayAssertion.MinNonceLength,
        };
        var result = HttpMessageVerifier.VerifyHeaders(
            components, keyId => cache.TryGetValue(keyId, out var found) && found is { } hit ? hit.Key : null, policy, hasBody, _nonces);
        if (!result.IsValid)
        {
            return Refuse(SignatureRefusal.Unauthorized, $"request signature refused ({result.Failure}): {result.Detail}");
        }

        ContentDigestVerifier? digest = null;
        try
        {
            if (hasBody)
            {
                digest = ContentDigestVerifier.TryCreate(request.Headers[ContentDigest.HeaderName].ToString(), out var malformed);
                if (digest is null)
                {
                    return Refuse(SignatureRefusal.Unauthorized, $"request signature refused ({HttpSignatureFailure.ContentDigestMismatch}): {malformed}");
                }

                if (await ReadBodyAsync(digest).ConfigureAwait(false) is { } refused)
                {
                    return refused;
                }
            }

            result = HttpMessageVerifier.Complete(result, digest, policy, _nonces);
        }
        finally
        {
            digest?.Dispose();
        }

        if (!result.IsValid)
        {
            return Refuse(SignatureRefusal.Unauthorized, $"request signature refused ({result.Failure}): {result.Detail}");
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

    /// <summary>The target as it arrived (a re-parsed URI could differ from what the client or gateway signed), in origin form.</summary>
    private string RawTarget() =>
        Context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw && raw[0] == '/'
            ? raw
            : (Request.PathBase + Request.Path + Request.QueryString).ToString();

    /// <summary>
    /// Reads the body through <paramref name="digest"/> into a buffer bounded by the endpoint's limit and the
    /// connector's budget, and makes it the body the endpoint reads; null when it fits, else the refusal (413, 503, 400).
    /// </summary>
    private async Task<AuthenticateResult?> ReadBodyAsync(ContentDigestVerifier digest)
    {
        // The endpoint's body limit: its RequestSizeLimit (applied by routing), else the default.
        var limit = Context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? Options.MaxBodyBytes;
        var tooLarge = string.Create(CultureInfo.InvariantCulture, $"the request body is larger than the {limit} bytes this endpoint takes");
        if (Request.ContentLength > limit)
        {
            return Refuse(new SignatureRefusal(StatusCodes.Status413PayloadTooLarge, Counted: false), tooLarge);
        }

        SignedContent content;
        try
        {
            content = await RequestBody.BufferAsync(Context, limit, digest, _budget).ConfigureAwait(false);
        }
        catch (BadHttpRequestException exception)
        {
            // Kestrel's limit (the same) or a body cut short: the client's fault.
            return Refuse(
                new SignatureRefusal(exception.StatusCode, Counted: false),
                exception.StatusCode == StatusCodes.Status413PayloadTooLarge ? tooLarge : exception.Message);
        }

        return content.Failure switch
        {
            SignedContentFailure.TooLarge => Refuse(new SignatureRefusal(StatusCodes.Status413PayloadTooLarge, Counted: false), tooLarge),
            SignedContentFailure.OverBudget => Refuse(
                new SignatureRefusal(StatusCodes.Status503ServiceUnavailable, Counted: false),
                $"the connector holds as many request bodies as it may ({_budget.Capacity} bytes, Connector:MaxBufferedBodyBytes): retry after 1 s"),
            _ => null,
        };
    }

    /// <summary>A failed authentication, answered by <see cref="HandleChallengeAsync"/> with <paramref name="refusal"/>'s status.</summary>
    private AuthenticateResult Refuse(SignatureRefusal refusal, string message)
    {
        Context.Features.Set(refusal);
        return AuthenticateResult.Fail(message);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false)).Failure?.Message
            ?? "this endpoint needs a request signed (RFC 9421) by a party on the connector's trust list";

        // Unsigned or refused before any work: counted per address; the rest of the body is never read.
        var refusal = Context.Features.Get<SignatureRefusal>() ?? SignatureRefusal.Unauthorized;
        RequestBody.Refuse(Context);
        if (refusal.Counted && _refusals.TryAcquire(Context.Connection.RemoteIpAddress) is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await WriteProblemAsync(
                StatusCodes.Status429TooManyRequests, "Too Many Requests", $"rate limit reached for refused requests from this address: retry after {seconds} s").ConfigureAwait(false);
            return;
        }

        Response.StatusCode = refusal.Status;
        if (refusal.Status == StatusCodes.Status401Unauthorized)
        {
            Response.Headers.WWWAuthenticate = "Signature";
        }
        else if (refusal.Status == StatusCodes.Status503ServiceUnavailable)
        {
            Response.Headers.RetryAfter = "1";
        }

        await WriteProblemAsync(refusal.Status, ReasonPhrases.GetReasonPhrase(refusal.Status), failure).ConfigureAwait(false);
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

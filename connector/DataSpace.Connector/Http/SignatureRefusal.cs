namespace DataSpace.Connector.Http;

/// <summary>
/// How a failed authentication of the signature handler is answered (a request feature the challenge reads): the
/// status, 401 for a signature or assertion and 413, 503 or 400 for a body that does not fit; and whether it counts
/// against the address's refusal bucket (<c>Connector:RateLimit</c>). A refusal of an assertion whose MAC verified is
/// not counted: it comes from the gateway, whose address must not be held up by what its clients replay.
/// </summary>
internal sealed record SignatureRefusal(int Status, bool Counted)
{
    /// <summary>An unsigned request, a signature refused, a forged assertion: 401, counted.</summary>
    public static readonly SignatureRefusal Unauthorized = new(StatusCodes.Status401Unauthorized, Counted: true);

    /// <summary>A refusal of an assertion the gateway made (its MAC verified): 401, not counted.</summary>
    public static readonly SignatureRefusal UnauthorizedFromGateway = new(StatusCodes.Status401Unauthorized, Counted: false);
}

namespace DataSpace.Crypto.HttpSignatures;

/// <summary>What a verifier demands of a signature beyond its being valid (RFC 9421 sections 3.2.1 and 7.2).</summary>
public sealed record VerificationPolicy
{
    /// <summary>The verifier's current time, from its <see cref="TimeProvider"/>.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>
    /// The label to verify. Null accepts the only signature present and refuses a message with several.
    /// </summary>
    public string? Label { get; init; }

    /// <summary>Components the signature must cover. Default: <c>@method</c> and <c>@target-uri</c>.</summary>
    public IReadOnlyList<string> RequiredComponents { get; init; } = ["@method", "@target-uri"];

    /// <summary>
    /// When true (the default), a message with content must cover <c>content-digest</c>, and the field must match
    /// the content (RFC 9530).
    /// </summary>
    public bool RequireContentDigest { get; init; } = true;

    /// <summary>How old <c>created</c> may be. Default five minutes.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Tolerated clock difference between the parties, both ways. Default 30 seconds.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>When true (the default), the <c>nonce</c> parameter must be present.</summary>
    public bool RequireNonce { get; init; } = true;

    /// <summary>
    /// The shortest <c>nonce</c> accepted, in characters; 0 (the default) accepts any. Servers ask for 22, the
    /// length of 16 random bytes as unpadded base64url, since the gateway forwards a client's nonce as its own.
    /// </summary>
    public int MinNonceLength { get; init; }

    /// <summary>
    /// When true (the default), the <c>alg</c> parameter must be present. It is always checked against the key's
    /// suite when present.
    /// </summary>
    public bool RequireAlgorithm { get; init; } = true;

    /// <summary>When set, the <c>tag</c> parameter must equal it.</summary>
    public string? RequiredTag { get; init; }

    /// <summary>
    /// How long a nonce must be remembered for this policy to stop replays: from <c>created</c> until a replay
    /// would fail the age check anyway, i.e. created + <see cref="MaxAge"/> + <see cref="ClockSkew"/>.
    /// </summary>
    public DateTimeOffset ReplayWindowEnd(DateTimeOffset created) => created + MaxAge + ClockSkew;
}

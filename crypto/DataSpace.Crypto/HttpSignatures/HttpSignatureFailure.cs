namespace DataSpace.Crypto.HttpSignatures;

/// <summary>Why a signed HTTP message was refused.</summary>
public enum HttpSignatureFailure
{
    None,

    /// <summary>The <c>Signature-Input</c> or <c>Signature</c> field is absent or empty.</summary>
    MissingHeader,

    /// <summary>A structured field, component name or signature parameter is not well formed.</summary>
    MalformedField,

    /// <summary>The expected label is not in both fields, or several signatures are present and none was asked for.</summary>
    LabelNotFound,

    /// <summary>A parameter the policy requires (created, keyid, alg, nonce, tag) is absent.</summary>
    MissingParameter,

    /// <summary>The <c>tag</c> differs from the one the policy requires.</summary>
    TagMismatch,

    /// <summary>A component the policy requires (or <c>content-digest</c> for content) is not covered.</summary>
    ComponentNotCovered,

    /// <summary>A covered component is not in the message.</summary>
    MissingComponent,

    /// <summary>The key resolver knows no key for the <c>keyid</c>.</summary>
    UnknownKeyId,

    /// <summary>The <c>alg</c> is unknown or not the algorithm of the key's suite.</summary>
    AlgorithmMismatch,

    /// <summary>The signature does not verify over the signature base with the key.</summary>
    SignatureInvalid,

    /// <summary><c>created</c> is further in the past than the policy's maximum age (plus clock skew).</summary>
    TooOld,

    /// <summary><c>created</c> is further in the future than the policy's clock skew.</summary>
    CreatedInFuture,

    /// <summary><c>expires</c> has passed (beyond the clock skew).</summary>
    Expired,

    /// <summary>The <c>Content-Digest</c> field is absent, malformed or does not match the content.</summary>
    ContentDigestMismatch,

    /// <summary>The key id and nonce were seen before within the replay window (or the replay store is full).</summary>
    Replayed,

    /// <summary>
    /// The request is addressed (its <c>Host</c>) to none of the server's public origins, or names no host at all:
    /// <c>@target-uri</c> and <c>@authority</c> could only be rebuilt from what the request says (<see cref="PublicOrigins"/>).
    /// </summary>
    UnknownOrigin,
}

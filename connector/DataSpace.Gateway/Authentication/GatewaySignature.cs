using DataSpace.Crypto.HttpSignatures;

namespace DataSpace.Gateway.Authentication;

/// <summary>
/// A client signature checked over the request's header fields (<see cref="SignatureVerifier.VerifyHeadersAsync"/>):
/// the result with its reason, the trusted key when it verified, and the policy it was checked against, which
/// <see cref="SignatureVerifier.Complete"/> needs once the body is read.
/// </summary>
internal sealed record GatewaySignature(HttpSignatureResult Result, TrustedKey? Key, VerificationPolicy? Policy)
{
    public bool IsValid => Result.IsValid && Key is not null;

    /// <summary>The problem detail of a refusal, naming the reason (an unsigned request is simply told what it needs).</summary>
    public string Refusal => Result.Failure == HttpSignatureFailure.MissingHeader
        ? Result.Detail
        : $"request signature refused ({Result.Failure}): {Result.Detail}";

    public static GatewaySignature Refused(HttpSignatureFailure failure, string detail, string? keyId = null) =>
        new(HttpSignatureResult.Fail(failure, detail, keyId: keyId), null, null);
}

using DataSpace.Crypto.HttpSignatures.StructuredFields;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Crypto.HttpSignatures;

/// <summary>
/// Verifies HTTP message signatures per RFC 9421 section 3.2 against a <see cref="VerificationPolicy"/>. Fails
/// closed: anything absent, malformed, unknown or out of policy is a failure with a reason, never an exception.
/// </summary>
public static class HttpMessageVerifier
{
    /// <summary>
    /// The <c>keyid</c> parameters of a <c>Signature-Input</c> field value, found without trusting anything else in
    /// it: a server looks the keys up before it verifies.
    /// </summary>
    public static IEnumerable<string> KeyIdsNamed(string? signatureInput)
    {
        var text = signatureInput ?? "";
        var at = 0;
        while ((at = text.IndexOf("keyid=\"", at, StringComparison.Ordinal)) >= 0)
        {
            at += 7;
            var end = text.IndexOf('"', at);
            if (end < 0)
            {
                yield break;
            }

            yield return text[at..end];
            at = end;
        }
    }

    // The largest value DateTimeOffset.FromUnixTimeSeconds accepts (9999-12-31).
    private const long MaxUnixSeconds = 253_402_300_799;

    /// <summary>
    /// Verifies one signature of <paramref name="message"/>. <paramref name="resolveKey"/> maps a <c>keyid</c> to
    /// the party's public key (null when unknown); for our parties the keyid is <c>PublicKey.KeyId</c>. With a
    /// <paramref name="nonces"/> store, a valid signature's key id and nonce are remembered until
    /// <see cref="VerificationPolicy.ReplayWindowEnd"/>, and a repeat is <see cref="HttpSignatureFailure.Replayed"/>.
    /// </summary>
    public static HttpSignatureResult Verify(
        HttpMessageComponents message, Func<string, PublicKey?> resolveKey, VerificationPolicy policy, INonceStore? nonces = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(resolveKey);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfLessThan(policy.MaxAge, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(policy.ClockSkew, TimeSpan.Zero);
        try
        {
            return VerifyCore(message, resolveKey, policy, nonces);
        }
        catch (HttpSignatureException exception)
        {
            return HttpSignatureResult.Fail(HttpSignatureFailure.MalformedField, exception.Message);
        }
    }

    private static HttpSignatureResult VerifyCore(
        HttpMessageComponents message, Func<string, PublicKey?> resolveKey, VerificationPolicy policy, INonceStore? nonces)
    {
        // RFC 9421 section 3.2 steps 1-2: find the signature and its input.
        var inputField = message.GetCanonicalHeader(HttpSignatureHeaders.SignatureInputName);
        var signatureField = message.GetCanonicalHeader(HttpSignatureHeaders.SignatureName);
        if (string.IsNullOrEmpty(inputField) || string.IsNullOrEmpty(signatureField))
        {
            var absent = string.IsNullOrEmpty(inputField) ? HttpSignatureHeaders.SignatureInputName : HttpSignatureHeaders.SignatureName;
            return HttpSignatureResult.Fail(HttpSignatureFailure.MissingHeader, $"the {absent} header is missing");
        }

        var inputs = SfParser.ParseDictionary(inputField, HttpSignatureHeaders.SignatureInputName);
        var signatures = SfParser.ParseDictionary(signatureField, HttpSignatureHeaders.SignatureName);
        if (!TrySelectLabel(inputs, signatures, policy.Label, out var label, out var labelError))
        {
            return HttpSignatureResult.Fail(HttpSignatureFailure.LabelNotFound, labelError);
        }

        var input = SignatureInput.FromMember(label, Find(inputs, label));
        if (Find(signatures, label) is not SfItem { Value: byte[] signature })
        {
            throw new HttpSignatureException($"Signature: member '{label}' is not a byte sequence");
        }

        // Required parameters and policy (RFC 9421 section 3.2.1).
        var missingParameter = input switch
        {
            { Created: null } => "created",
            { KeyId: null } => "keyid",
            { Algorithm: null } when policy.RequireAlgorithm => "alg",
            { Nonce: null } when policy.RequireNonce => "nonce",
            { Tag: null } when policy.RequiredTag is not null => "tag",
            _ => null,
        };
        if (missingParameter is not null)
        {
            return HttpSignatureResult.Fail(HttpSignatureFailure.MissingParameter, $"signature '{label}' has no {missingParameter} parameter", label, input.KeyId);
        }

        var keyId = input.KeyId!;
        if (policy.RequiredTag is not null && input.Tag != policy.RequiredTag)
        {
            return HttpSignatureResult.Fail(HttpSignatureFailure.TagMismatch, $"tag '{input.Tag}' is not the required '{policy.RequiredTag}'", label, keyId);
        }

        foreach (var required in policy.RequiredComponents)
        {
            if (!input.Components.Contains(required))
            {
                return HttpSignatureResult.Fail(HttpSignatureFailure.ComponentNotCovered, $"signature '{label}' does not cover {required}", label, keyId);
            }
        }

        if (policy.RequireContentDigest && message.HasContent && !input.Components.Contains(ContentDigest.ComponentName))
        {
            return HttpSignatureResult.Fail(HttpSignatureFailure.ComponentNotCovered, $"the message has content but signature '{label}' does not cover content-digest", label, keyId);
        }

        // Freshness (RFC 9421 section 7.2.2).
        var created = DateTimeOffset.FromUnixTimeSeconds(Math.Min(input.Created!.Value, MaxUnixSeconds));
        var expires = input.Expires is { } e ? DateTimeOffset.FromUnixTimeSeconds(Math.Min(e, MaxUnixSeconds)) : (DateTimeOffset?)null;
        if (created > policy.Now + policy.ClockSkew)
        {
            return HttpSignatureResult.Fail(HttpSignatureFailure.CreatedInFuture, $"created {created:O} is ahead of now {policy.Now:O} by more than {policy.ClockSkew}", label, keyId);
        }

        if (policy.Now - created > policy.MaxAge + policy.ClockSkew)
        {
            return HttpSignatureResult.Fail(HttpSignatureFailure.TooOld, $"created {created:O} is older than {policy.MaxAge} (now {policy.Now:O})", label, keyId);
        }

        if (expires is not null && policy.Now > expires.Value + policy.ClockSkew)
        {
            return HttpSignatureResult.Fail(HttpSignatureFailure.Expired, $"signature expired at {expires:O} (now {policy.Now:O})", label, keyId);
        }

        // Key and algorithm (RFC 9421 section 3.2 steps 5-6).
        var key = resolveKey(keyId);
        if (key is null)
        {
            return HttpSignatureResult.Fail(HttpSignatureFailure.UnknownKeyId, $"no key is known for keyid '{keyId}'", label, keyId);
        }

        var keyAlgorithm = HttpSignatureAlgorithms.NameOf(key.Suite);
        if (input.Algorithm is not null && input.Algorithm != keyAlgorithm)
        {
            return HttpSignatureResult.Fail(HttpSignatureFailure.AlgorithmMismatch, $"alg '{input.Algorithm}' is not '{keyAlgorithm}', the algorithm of key '{keyId}'", label, keyId);
        }

        // Signature base and signature (RFC 9421 section 3.2 steps 7-8).
        var signatureBase = SignatureBase.TryBuild(message, input, out var missing);
        if (signatureBase is null)
        {
            return HttpSignatureResult.Fail(HttpSignatureFailure.MissingComponent, $"covered component '{missing}' is not in the message", label, keyId);
        }

        if (!HttpSignatureAlgorithms.Verify(key, SignatureBase.Encode(signatureBase), signature))
        {
            return HttpSignatureResult.Fail(HttpSignatureFailure.SignatureInvalid, $"signature '{label}' does not verify with key '{keyId}'", label, keyId);
        }

        // The content is what the signed Content-Digest says (RFC 9530 section 2).
        if (message.HasContent && policy.RequireContentDigest)
        {
            var digest = message.GetCanonicalHeader(ContentDigest.HeaderName);
            if (digest is null)
            {
                return HttpSignatureResult.Fail(HttpSignatureFailure.ContentDigestMismatch, "the message has content but no Content-Digest header", label, keyId);
            }

            if (!ContentDigest.Verify(digest, message.Content!.Value.Span, out var digestDetail))
            {
                return HttpSignatureResult.Fail(HttpSignatureFailure.ContentDigestMismatch, digestDetail, label, keyId);
            }
        }

        // Replay last, so that only a valid signature can spend a nonce.
        if (nonces is not null && input.Nonce is not null
            && !nonces.TryRemember(keyId, input.Nonce, policy.ReplayWindowEnd(created)))
        {
            return HttpSignatureResult.Fail(HttpSignatureFailure.Replayed, $"nonce '{input.Nonce}' of key '{keyId}' was seen before (or the replay store is full)", label, keyId);
        }

        return new HttpSignatureResult
        {
            Detail = $"signature '{label}' by key '{keyId}' verifies",
            Label = label,
            KeyId = keyId,
            Created = created,
            Expires = expires,
            Nonce = input.Nonce,
            Tag = input.Tag,
            CoveredComponents = input.Components,
        };
    }

    private static bool TrySelectLabel(
        IReadOnlyList<KeyValuePair<string, SfMember>> inputs,
        IReadOnlyList<KeyValuePair<string, SfMember>> signatures,
        string? wanted,
        out string label,
        out string error)
    {
        if (wanted is null)
        {
            if (inputs.Count != 1)
            {
                label = "";
                error = inputs.Count == 0
                    ? "Signature-Input has no signature"
                    : $"Signature-Input has {inputs.Count} signatures ({string.Join(", ", inputs.Select(i => i.Key))}) and the policy names none";
                return false;
            }

            wanted = inputs[0].Key;
        }

        label = wanted;
        if (!inputs.Any(i => i.Key == wanted) || !signatures.Any(s => s.Key == wanted))
        {
            error = $"signature '{wanted}' is not in both Signature-Input and Signature";
            return false;
        }

        error = "";
        return true;
    }

    private static SfMember Find(IReadOnlyList<KeyValuePair<string, SfMember>> members, string key) =>
        members.First(m => m.Key == key).Value;
}

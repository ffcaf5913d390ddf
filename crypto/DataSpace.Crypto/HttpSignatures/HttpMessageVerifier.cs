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
        var headers = Guarded(message, resolveKey, policy, message.HasContent, nonces: null);
        if (!headers.IsValid || !message.HasContent || !policy.RequireContentDigest)
        {
            return headers.IsValid ? Remember(headers, policy, nonces) : headers;
        }

        using var content = ContentDigestVerifier.TryCreate(message.GetCanonicalHeader(ContentDigest.HeaderName)!, out var malformed);
        content?.Append(message.Content!.Value.Span);
        return content is null
            ? HttpSignatureResult.Fail(HttpSignatureFailure.ContentDigestMismatch, malformed, headers.Label, headers.KeyId)
            : Complete(headers, content, policy, nonces);
    }

    /// <summary>
    /// The first half of <see cref="Verify"/>, for a server that has the header fields but has not read the body
    /// (docs/http-signatures.md, "Verifying before the body"): every check of RFC 9421 section 3.2 that needs no
    /// content, the signature included (it covers the <c>Content-Digest</c> field, not the content). With
    /// <paramref name="hasContent"/>, <c>content-digest</c> must be covered and the field present. With
    /// <paramref name="nonces"/>, a nonce already remembered is <see cref="HttpSignatureFailure.Replayed"/>, but
    /// nothing is remembered: <see cref="Complete"/> does that once the content matched. Content already set on
    /// <paramref name="message"/> is ignored.
    /// </summary>
    public static HttpSignatureResult VerifyHeaders(
        HttpMessageComponents message, Func<string, PublicKey?> resolveKey, VerificationPolicy policy, bool hasContent, INonceStore? nonces = null) =>
        Guarded(message, resolveKey, policy, hasContent, nonces);

    /// <summary>
    /// The second half: <paramref name="headers"/> is a valid result of <see cref="VerifyHeaders"/>; the content
    /// streamed through <paramref name="content"/> (null when there was none) must match its digest, and only then is
    /// the nonce remembered (a nonce spent meanwhile by a copy of the request is <see cref="HttpSignatureFailure.Replayed"/>).
    /// </summary>
    public static HttpSignatureResult Complete(
        HttpSignatureResult headers, ContentDigestVerifier? content, VerificationPolicy policy, INonceStore? nonces = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(policy);
        if (!headers.IsValid)
        {
            return headers;
        }

        // The content is what the signed Content-Digest says (RFC 9530 section 2).
        if (content is not null && !content.Verify(out var detail))
        {
            return HttpSignatureResult.Fail(HttpSignatureFailure.ContentDigestMismatch, detail, headers.Label, headers.KeyId);
        }

        return Remember(headers, policy, nonces);
    }

    private static HttpSignatureResult Guarded(
        HttpMessageComponents message, Func<string, PublicKey?> resolveKey, VerificationPolicy policy, bool hasContent, INonceStore? nonces)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(resolveKey);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfLessThan(policy.MaxAge, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(policy.ClockSkew, TimeSpan.Zero);
        try
        {
            return VerifyCore(message, resolveKey, policy, hasContent, nonces);
        }
        catch (HttpSignatureException exception)
        {
            return HttpSignatureResult.Fail(HttpSignatureFailure.MalformedField, exception.Message);
        }
    }

    // Replay last, so that only a valid signature with matching content can spend a nonce.
    private static HttpSignatureResult Remember(HttpSignatureResult verified, VerificationPolicy policy, INonceStore? nonces) =>
        nonces is not null && verified.Nonce is not null
            && !nonces.TryRemember(verified.KeyId!, verified.Nonce, policy.ReplayWindowEnd(verified.Created!.Value))
            ? HttpSignatureResult.Fail(
                HttpSignatureFailure.Replayed,
                $"nonce '{verified.Nonce}' of key '{verified.KeyId}' was seen before (or the replay store is full)",
                verified.Label,
                verified.KeyId)
            : verified;

    private static HttpSignatureResult VerifyCore(
        HttpMessageComponents message, Func<string, PublicKey?> resolveKey, VerificationPolicy policy, bool hasContent, INonceStore? nonces)
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
        if (input.Nonce is { } shortNonce && shortNonce.Length < policy.MinNonceLength)
        {
            return HttpSignatureResult.Fail(
                HttpSignatureFailure.MalformedField,
                $"nonce '{shortNonce}' has {shortNonce.Length} characters; at least {policy.MinNonceLength} are required (16 random bytes, unpadded base64url)",
                label,
                keyId);
        }

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

        if (policy.RequireContentDigest && hasContent && !input.Components.Contains(ContentDigest.ComponentName))
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

        if (hasContent && policy.RequireContentDigest && message.GetCanonicalHeader(ContentDigest.HeaderName) is null)
        {
            return HttpSignatureResult.Fail(HttpSignatureFailure.ContentDigestMismatch, "the message has content but no Content-Digest header", label, keyId);
        }

        // A nonce already spent is refused now, before a server reads the body; it is remembered only in Complete.
        if (nonces is not null && input.Nonce is not null && nonces.IsRemembered(keyId, input.Nonce))
        {
            return HttpSignatureResult.Fail(HttpSignatureFailure.Replayed, $"nonce '{input.Nonce}' of key '{keyId}' was seen before", label, keyId);
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

using DataSpace.Crypto.HttpSignatures.StructuredFields;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Crypto.HttpSignatures;

/// <summary>Signs HTTP messages per RFC 9421 section 3.1.</summary>
public static class HttpMessageSigner
{
    /// <summary>
    /// Signs <paramref name="message"/> with <paramref name="key"/>, stating <c>alg</c> for the key's suite and
    /// <c>keyid</c> = its <c>PublicKey.KeyId</c>. Returns the <c>Signature-Input</c> and <c>Signature</c> values to
    /// add. A covered component the message lacks, a bad label or parameter, or (with
    /// <see cref="SignatureParameters.RequireContentDigest"/>) content without a matching covered
    /// <c>content-digest</c> is an <see cref="HttpSignatureException"/>.
    /// </summary>
    public static HttpSignatureHeaders Sign(HttpMessageComponents message, SigningKey key, SignatureParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(parameters.CoveredComponents);

        if (!SfSerializer.IsKey(parameters.Label))
        {
            throw new HttpSignatureException($"label '{parameters.Label}' is not a structured field key");
        }

        var keyId = key.PublicKey.KeyId;
        if (parameters.KeyId is not null && parameters.KeyId != keyId)
        {
            throw new ArgumentException($"keyid '{parameters.KeyId}' is not the signing key's id {keyId}", nameof(parameters));
        }

        var created = parameters.Created.ToUnixTimeSeconds();
        var expires = parameters.Expires?.ToUnixTimeSeconds();
        if (message.HasContent && parameters.RequireContentDigest)
        {
            CheckContentDigest(message, parameters.CoveredComponents);
        }

        var input = SignatureInput.Create(
            parameters.CoveredComponents, created, expires, parameters.Nonce, HttpSignatureAlgorithms.NameOf(key.Suite), keyId, parameters.Tag);
        var signatureBase = SignatureBase.TryBuild(message, input, out var missing)
            ?? throw new HttpSignatureException($"covered component '{missing}' is not in the message");
        var signature = HttpSignatureAlgorithms.Sign(key, SignatureBase.Encode(signatureBase));

        return new HttpSignatureHeaders(
            $"{parameters.Label}={input.Serialize()}",
            SfSerializer.Dictionary([new(parameters.Label, new SfItem(signature))]));
    }

    private static void CheckContentDigest(HttpMessageComponents message, IReadOnlyList<string> covered)
    {
        if (!covered.Contains(ContentDigest.ComponentName))
        {
            throw new HttpSignatureException("the message has content but content-digest is not covered");
        }

        var header = message.GetCanonicalHeader(ContentDigest.HeaderName)
            ?? throw new HttpSignatureException("the message has content but no Content-Digest header: add ContentDigest.Compute(content)");
        if (!ContentDigest.Verify(header, message.Content!.Value.Span, out var detail))
        {
            throw new HttpSignatureException($"Content-Digest does not match the content: {detail}");
        }
    }
}

using DataSpace.Crypto.HttpSignatures;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Connector.Http;

/// <summary>
/// Signs every outgoing request with the caller's key (RFC 9421, docs/http-signatures.md): <c>@method</c>,
/// <c>@target-uri</c> and, with a body, <c>content-digest</c>; a created time, a fresh nonce, the key id and the
/// algorithm. Used by the command line, the gateway and the tests.
/// </summary>
public sealed class SigningHandler : DelegatingHandler
{
    private readonly SigningKey _key;
    private readonly TimeProvider _time;

    public SigningHandler(SigningKey key, TimeProvider? time = null, HttpMessageHandler? inner = null)
        : base(inner ?? new SocketsHttpHandler())
    {
        _key = key;
        _time = time ?? TimeProvider.System;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = request.RequestUri ?? throw new InvalidOperationException("the request has no URI");
        var components = HttpMessageComponents.ForRequest(request.Method.Method, target);
        var covered = new List<string> { "@method", "@target-uri" };
        if (request.Content is { } content)
        {
            var body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var digest = ContentDigest.Compute(body);
            request.Content = new ByteArrayContent(body);
            foreach (var header in content.Headers)
            {
                request.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            request.Headers.Remove("Content-Digest");
            request.Headers.TryAddWithoutValidation("Content-Digest", digest);
            components.SetContent(body).AddHeader("content-digest", digest);
            covered.Add("content-digest");
        }

        var headers = HttpMessageSigner.Sign(components, _key, new SignatureParameters
        {
            CoveredComponents = covered,
            Created = _time.GetUtcNow(),
            Nonce = SignatureParameters.NewNonce(),
            KeyId = _key.PublicKey.KeyId,
        });
        request.Headers.Remove("Signature-Input");
        request.Headers.Remove("Signature");
        request.Headers.TryAddWithoutValidation("Signature-Input", headers.SignatureInput);
        request.Headers.TryAddWithoutValidation("Signature", headers.Signature);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}

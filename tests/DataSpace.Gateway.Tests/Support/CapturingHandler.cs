namespace DataSpace.Gateway.Tests.Support;

/// <summary>
/// Sends requests and keeps the last one's signature headers, to replay or tamper with them; with
/// <paramref name="send"/> false it only keeps them (answering 204 itself), so that the signed request, never seen by
/// the gateway, can be sent altered with its nonce unspent.
/// </summary>
internal sealed class CapturingHandler(bool send = true) : DelegatingHandler(new SocketsHttpHandler())
{
    public Dictionary<string, string> LastHeaders { get; } = new(StringComparer.OrdinalIgnoreCase);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        LastHeaders.Clear();
        foreach (var name in (string[])["Signature", "Signature-Input", "Content-Digest"])
        {
            if (request.Headers.TryGetValues(name, out var values))
            {
                LastHeaders[name] = string.Join(", ", values);
            }
        }

        return send
            ? base.SendAsync(request, cancellationToken)
            : Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.NoContent) { RequestMessage = request });
    }
}

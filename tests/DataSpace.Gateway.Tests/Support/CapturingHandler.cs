namespace DataSpace.Gateway.Tests.Support;

/// <summary>Sends requests and keeps the last one's signature headers, to replay or tamper with them.</summary>
internal sealed class CapturingHandler() : DelegatingHandler(new SocketsHttpHandler())
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

        return base.SendAsync(request, cancellationToken);
    }
}

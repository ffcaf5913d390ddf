namespace DataSpace.Tests.Common;

/// <summary>
/// The innermost handler of a signing client that sends nothing: it keeps the last request's headers and body and
/// answers 204 itself, so that a test holds a signed request whose nonce no server has seen, to send altered, to
/// another server, or over a raw socket.
/// </summary>
public sealed class RecordingHandler : HttpMessageHandler
{
    /// <summary>The last request's headers (content headers included), each with its values joined by ", ".</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The last request's body, empty without one.</summary>
    public byte[] Body { get; private set; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Headers.Clear();
        foreach (var header in request.Headers)
        {
            Headers[header.Key] = string.Join(", ", header.Value);
        }

        Body = [];
        if (request.Content is { } content)
        {
            foreach (var header in content.Headers)
            {
                Headers[header.Key] = string.Join(", ", header.Value);
            }

            Body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        return new HttpResponseMessage(System.Net.HttpStatusCode.NoContent) { RequestMessage = request };
    }

    /// <summary>The signature fields (and the digest) of the last request as request-head lines, each ending in CRLF.</summary>
    public string SignatureLines()
    {
        var lines = new System.Text.StringBuilder();
        foreach (var name in (string[])["Signature-Input", "Signature", "Content-Digest"])
        {
            if (Headers.TryGetValue(name, out var value))
            {
                lines.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        }

        return lines.ToString();
    }
}

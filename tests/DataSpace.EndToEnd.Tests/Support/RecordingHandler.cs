namespace DataSpace.EndToEnd.Tests.Support;

/// <summary>
/// Sits under the <see cref="Connector.Http.SigningHandler"/> and keeps a copy of each signed request as it goes on
/// the wire (method, URI, headers, body), so a test can send the very same bytes again: a replay.
/// </summary>
internal sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>False: record and answer 204 without sending, to get a signed request to tamper with.</summary>
    public bool Forward { get; set; } = true;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        Requests.Add(new RecordedRequest(
            request.Method,
            request.RequestUri!,
            [.. request.Headers.Select(h => (h.Key, string.Join(", ", h.Value)))],
            body,
            request.Content?.Headers.ContentType?.ToString()));
        return Forward ? await base.SendAsync(request, cancellationToken) : new HttpResponseMessage(System.Net.HttpStatusCode.NoContent);
    }
}

/// <summary>One request as the signing client sent it.</summary>
internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyList<(string Name, string Value)> Headers, byte[]? Body, string? ContentType)
{
    /// <summary>The header's value as sent.</summary>
    public string Header(string name) => Headers.Single(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>A new message with the same method, URI, headers and body, with <paramref name="change"/> applied to the headers.</summary>
    public HttpRequestMessage Copy(Func<string, string, string>? change = null)
    {
        var message = new HttpRequestMessage(Method, Uri);
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, change is null ? value : change(name, value));
        }

        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        return message;
    }
}

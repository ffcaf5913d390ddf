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

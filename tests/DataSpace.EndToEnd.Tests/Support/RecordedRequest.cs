namespace DataSpace.EndToEnd.Tests.Support;

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

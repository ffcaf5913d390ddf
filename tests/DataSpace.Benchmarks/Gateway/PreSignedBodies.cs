using System.Text;
using DataSpace.Connector.Http;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Benchmarks.Gateway;

/// <summary>
/// Writes signed requests, with or without a body, for <c>signed-bodies.lua</c> to replay: each signed by the real
/// <see cref="SigningHandler"/> (fresh created time and nonce; <c>content-digest</c> covered with a body) for the
/// authority it will be sent to. One file per wrk thread, written in parallel; each request followed by a NUL byte.
/// </summary>
internal static class PreSignedBodies
{
    /// <summary>
    /// <paramref name="perThread"/> requests per thread to <paramref name="target"/>: a GET when <paramref name="body"/>
    /// is null, else a POST of the JSON <paramref name="body"/> makes for (thread, index).
    /// </summary>
    public static Task WriteAsync(string prefix, int threads, int perThread, SigningKey key, Uri target, Func<int, int, string>? body) =>
        Task.WhenAll(Enumerable.Range(1, threads).Select(thread => Task.Run(() => WriteThreadAsync($"{prefix}.{thread}", thread, perThread, key, target, body))));

    private static async Task WriteThreadAsync(string file, int thread, int perThread, SigningKey key, Uri target, Func<int, int, string>? body)
    {
        var capture = new CapturingHandler();
        using var client = new HttpClient(new SigningHandler(key, inner: capture));
        await using var output = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        var text = new StringBuilder(4096);
        for (var i = 0; i < perThread; i++)
        {
            var content = body is null ? null : Encoding.UTF8.GetBytes(body(thread, i));
            using var request = new HttpRequestMessage(content is null ? HttpMethod.Get : HttpMethod.Post, target);
            if (content is not null)
            {
                request.Content = new ByteArrayContent(content);
                request.Content.Headers.ContentType = new("application/json");
            }

            using var response = await client.SendAsync(request);
            var signed = capture.Last!;
            text.Clear();
            text.Append(signed.Method.Method).Append(' ').Append(target.PathAndQuery).Append(" HTTP/1.1\r\n");
            text.Append("Host: ").Append(target.Authority).Append("\r\n");
            foreach (var header in signed.Headers)
            {
                text.Append(header.Key).Append(": ").Append(string.Join(", ", header.Value)).Append("\r\n");
            }

            if (content is not null)
            {
                text.Append("Content-Type: application/json\r\nContent-Length: ").Append(content.Length).Append("\r\n");
            }

            text.Append("\r\n");
            await output.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()));
            if (content is not null)
            {
                await output.WriteAsync(content);
            }

            output.WriteByte(0);
        }
    }

    /// <summary>Keeps the signed request instead of sending it.</summary>
    private sealed class CapturingHandler : HttpMessageHandler
    {
        public HttpRequestMessage? Last { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Last = request;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.NoContent));
        }
    }
}

using System.Text;
using DataSpace.Connector.Http;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Benchmarks.Gateway;

/// <summary>
/// Writes signed requests for wrk to replay: each is signed by the real <see cref="SigningHandler"/> (fresh
/// created time and nonce) for the authority it will be sent to, so the gateway, nginx's upstream connector and
/// the connector itself each verify exactly what a client would send. One file per wrk thread.
/// </summary>
internal static class PreSignedRequests
{
    public static async Task WriteAsync(string prefix, int threads, int perThread, SigningKey key, Uri target)
    {
        var capture = new CapturingHandler();
        using var client = new HttpClient(new SigningHandler(key, inner: capture));
        for (var thread = 1; thread <= threads; thread++)
        {
            var text = new StringBuilder(perThread * 512);
            for (var i = 0; i < perThread; i++)
            {
                using var response = await client.GetAsync(target);
                var request = capture.Last!;
                text.Append("GET ").Append(target.PathAndQuery).Append(" HTTP/1.1\r\n");
                text.Append("Host: ").Append(target.Authority).Append("\r\n");
                foreach (var header in request.Headers)
                {
                    text.Append(header.Key).Append(": ").Append(string.Join(", ", header.Value)).Append("\r\n");
                }

                text.Append("\r\n");
            }

            await File.WriteAllTextAsync($"{prefix}.{thread}", text.ToString());
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

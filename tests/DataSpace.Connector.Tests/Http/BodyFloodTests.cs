using System.Net;
using System.Text;
using DataSpace.Connector.Http;
using DataSpace.Connector.Tests.Support;
using DataSpace.Crypto.Signatures;
using DataSpace.Tests.Common;
using Xunit.Abstractions;

namespace DataSpace.Connector.Tests.Http;

/// <summary>
/// The bounded soak of docs/benchmarks.md ("Bodies under flood") against the connector: 64 unsigned 250 MiB bodies and
/// 64 signed bodies beyond the job submission's limit, at once, grow the process's resident set by less than 100 MiB (a
/// memory bound; latencies are the benchmark's).
/// </summary>
[Collection(MemoryMeasurementCollection.Name)]
public sealed class BodyFloodTests(ITestOutputHelper output)
{
    private const long QuarterGigabyte = 250L * 1024 * 1024;

    [Fact]
    public async Task UnsignedAndOversizedBodies_DoNotGrowMemoryBy100MiB()
    {
        await using var server = await ConnectorServer.StartAsync();
        using var supplier = KeyFiles.LoadSigningKey(Path.Combine(server.DataDirectory, "keys", "connector.key"));
        using var legitimate = new HttpClient(new SigningHandler(supplier)) { BaseAddress = server.BaseAddress };
        using var warm = await legitimate.GetAsync(new Uri("/api/v1/catalog", UriKind.Relative));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var outcome = await BodyFlood.RunAsync(
            server.BaseAddress,
            [.. await FloodAsync(server.BaseAddress, supplier)],
            async token =>
            {
                using var response = await legitimate.GetAsync(new Uri("/api/v1/catalog", UriKind.Relative), token);
                Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(token));
            },
            IPAddress.Parse("127.0.0.2"),
            timeout.Token);

        output.WriteLine(outcome.ToString());
        Assert.True(outcome.RssGrowthBytes < 100L * 1024 * 1024, outcome.ToString());
        Assert.All(outcome.Statuses.Keys, status => Assert.Contains(status, (int[])[401, 413, 429, 503]));
        Assert.Equal(128, outcome.Statuses.Values.Sum());
    }

    /// <summary>64 unsigned 250 MiB bodies, then 64 signed chunked bodies of 40 MiB for the job submission (about 29 MiB).</summary>
    internal static async Task<List<FloodRequest>> FloodAsync(Uri connector, SigningKey key)
    {
        var requests = new List<FloodRequest>();
        for (var i = 0; i < 64; i++)
        {
            requests.Add(new FloodRequest(
                $"POST /api/v1/jobs HTTP/1.1\r\nHost: {connector.Authority}\r\nContent-Type: application/json\r\nContent-Length: {QuarterGigabyte}\r\n\r\n", QuarterGigabyte));
        }

        for (var i = 0; i < 64; i++)
        {
            var recorder = new RecordingHandler();
            using var client = new HttpClient(new SigningHandler(key, inner: recorder)) { BaseAddress = connector };
            using var signed = await client.PostAsync(new Uri("/api/v1/jobs", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
            requests.Add(new FloodRequest(
                $"POST /api/v1/jobs HTTP/1.1\r\nHost: {connector.Authority}\r\nContent-Type: application/json\r\n{recorder.SignatureLines()}Transfer-Encoding: chunked\r\n\r\n",
                40L * 1024 * 1024,
                Chunked: true));
        }

        return requests;
    }
}

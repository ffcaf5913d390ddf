using System.Net;
using System.Text;
using DataSpace.Connector.Http;
using DataSpace.Gateway.Tests.Support;
using DataSpace.Tests.Common;
using Xunit.Abstractions;

namespace DataSpace.Gateway.Tests.Authentication;

/// <summary>
/// The bounded soak of docs/benchmarks.md ("Bodies under flood"), as a test: 64 unsigned 250 MiB bodies and 64 signed
/// bodies beyond the job route's limit, at once, grow the process's resident set by less than 100 MiB (a memory
/// bound; the latencies are measured by the benchmark, not asserted here).
/// </summary>
[Collection(MemoryMeasurementCollection.Name)]
public sealed class BodyFloodTests(ITestOutputHelper output)
{
    private const long QuarterGigabyte = 250L * 1024 * 1024;

    [Fact]
    public async Task UnsignedAndOversizedBodies_DoNotGrowMemoryBy100MiB()
    {
        // The default health checks, not the stack's hair trigger (a 1 s probe timeout on two loaded cores).
        await using var stack = await GatewayStack.StartAsync(
            1, ("HealthCheck:Interval", "00:00:05"), ("HealthCheck:Timeout", "00:00:02"), ("HealthCheck:FailureThreshold", "2"));
        using var legitimate = stack.Client(stack.Auditor);
        using var warm = await legitimate.GetAsync(new Uri("/api/v1/catalog", UriKind.Relative));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var outcome = await BodyFlood.RunAsync(
            stack.GatewayAddress,
            [.. await FloodAsync(stack)],
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
        Assert.DoesNotContain(stack.Seen, s => s.Target.StartsWith("/api/v1/jobs", StringComparison.Ordinal));
    }

    /// <summary>64 unsigned 250 MiB bodies, then 64 signed chunked bodies of 40 MiB for the 29 MiB job route.</summary>
    internal static async Task<List<FloodRequest>> FloodAsync(GatewayStack stack)
    {
        var authority = stack.GatewayAddress.Authority;
        var requests = new List<FloodRequest>();
        for (var i = 0; i < 64; i++)
        {
            requests.Add(new FloodRequest(
                $"POST /api/v1/jobs HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/json\r\nContent-Length: {QuarterGigabyte}\r\n\r\n", QuarterGigabyte));
        }

        for (var i = 0; i < 64; i++)
        {
            var recorder = new RecordingHandler();
            using var client = new HttpClient(new SigningHandler(stack.Operator, inner: recorder)) { BaseAddress = stack.GatewayAddress };
            using var signed = await client.PostAsync(new Uri("/api/v1/jobs", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
            requests.Add(new FloodRequest(
                $"POST /api/v1/jobs HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/json\r\n{recorder.SignatureLines()}Transfer-Encoding: chunked\r\n\r\n",
                40L * 1024 * 1024,
                Chunked: true));
        }

        return requests;
    }
}

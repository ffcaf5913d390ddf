using System.Text.Json;
using DataSpace.Gateway.Tests.Support;
using DataSpace.Tests.Common;

namespace DataSpace.Gateway.Tests.Authentication;

/// <summary>HTTP/1.0 without <c>Host</c> (over a raw socket): a 400 problem, no stack trace, counted by the address's bucket.</summary>
public sealed class HostRequiredTests
{
    [Fact]
    public async Task Http10WithoutHost_Is400ProblemWithoutStackTrace_AndCountedByTheRateLimiter()
    {
        await using var stack = await GatewayStack.StartAsync(
            1, ("RateLimit:UnauthenticatedPermitsPerSecond", "1"), ("RateLimit:UnauthenticatedBurst", "2"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var answers = new List<RawHttpResponse>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(await RawHttp.SendAsync(stack.GatewayAddress, "GET /api/v1/catalog HTTP/1.0\r\n\r\n", cancellationToken: timeout.Token));
        }

        Assert.Equal([400, 400, 429], answers.Select(answer => answer.Status));
        Assert.StartsWith("application/problem+json", answers[0].Header("Content-Type"), StringComparison.Ordinal);
        var problem = JsonDocument.Parse(answers[0].Body).RootElement;
        Assert.Contains("Host", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", answers[0].Body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", answers[0].Body, StringComparison.Ordinal);
        Assert.NotNull(answers[2].Header("Retry-After"));
        Assert.DoesNotContain(stack.Seen, s => s.Target.StartsWith("/api/v1/catalog", StringComparison.Ordinal));
    }
}

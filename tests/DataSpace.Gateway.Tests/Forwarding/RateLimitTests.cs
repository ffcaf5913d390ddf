using System.Net;
using DataSpace.Gateway.Tests.Support;

namespace DataSpace.Gateway.Tests.Forwarding;

/// <summary>Per-party token buckets (429 with Retry-After, nothing forwarded), and per-address buckets for unsigned and failed requests.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task PartyOverItsBurst_Gets429WithRetryAfter_AndOtherPartiesAreUnaffected()
    {
        await using var stack = await GatewayStack.StartAsync(1, ("RateLimit:PermitsPerSecond", "1"), ("RateLimit:Burst", "3"));
        using var client = stack.Client(stack.Operator);

        HttpResponseMessage? limited = null;
        for (var i = 0; i < 8 && limited is null; i++)
        {
            var response = await client.GetAsync(new Uri($"/api/v1/catalog?t=burst-{i}", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        using (limited)
        {
            await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests);
            var retryAfter = limited.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value.TotalSeconds, 1, 2);
        }

        var forwarded = stack.Seen.Count(s => s.Target.Contains("t=burst-", StringComparison.Ordinal));
        Assert.InRange(forwarded, 3, 4);

        using var other = stack.Client(stack.Auditor);
        using var otherResponse = await other.GetAsync(new Uri("/api/v1/catalog", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, otherResponse.StatusCode);
    }

    [Fact]
    public async Task AddressOverItsFailureBurst_Gets429BeforeAnyVerification()
    {
        await using var stack = await GatewayStack.StartAsync(
            1, ("RateLimit:UnauthenticatedPermitsPerSecond", "1"), ("RateLimit:UnauthenticatedBurst", "2"));
        using var plain = stack.Plain();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await plain.GetAsync(new Uri("/api/v1/catalog", UriKind.Relative));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
                await ProblemAssert.IsProblemAsync(response, HttpStatusCode.TooManyRequests);
            }
        }

        Assert.Equal(HttpStatusCode.Unauthorized, statuses[0]);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);

        // Until its bucket refills, the address is refused before any verification work, signed requests included.
        using var client = stack.Client(stack.Operator);
        using var signed = await client.GetAsync(new Uri("/api/v1/catalog", UriKind.Relative));
        Assert.Equal(HttpStatusCode.TooManyRequests, signed.StatusCode);
    }
}

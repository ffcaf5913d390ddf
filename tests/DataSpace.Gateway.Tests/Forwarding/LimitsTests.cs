using System.Net;
using System.Text;
using DataSpace.Gateway.Tests.Support;

namespace DataSpace.Gateway.Tests.Forwarding;

/// <summary>Bodies over Gateway:MaxRequestBodyBytes are refused at the gateway with a 413 problem.</summary>
public sealed class LimitsTests
{
    [Fact]
    public async Task BodyOverTheLimit_Is413AndNeverForwarded()
    {
        await using var stack = await GatewayStack.StartAsync(1, ("MaxRequestBodyBytes", "1024"));
        using var client = stack.Client(stack.Operator);

        using var response = await client.PostAsync(
            new Uri("/api/v1/agreements?t=large", UriKind.Relative),
            new StringContent("{\"statement\":\"" + new string('x', 4096) + "\"}", Encoding.UTF8, "application/json"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.DoesNotContain(stack.Seen, s => s.Target.Contains("t=large", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BodyWithinTheLimit_IsForwarded()
    {
        await using var stack = await GatewayStack.StartAsync(1, ("MaxRequestBodyBytes", "1024"));
        using var client = stack.Client(stack.Operator);

        using var response = await client.PostAsync(
            new Uri("/api/v1/agreements?t=small", UriKind.Relative), new StringContent("{\"statement\":1}", Encoding.UTF8, "application/json"));

        // The connector refuses the statement, but only after the gateway forwarded the request for the operator.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var seen = Assert.Single(stack.Seen, s => s.Target.Contains("t=small", StringComparison.Ordinal));
        Assert.Equal(GatewayStack.OperatorId, seen.Party);
    }
}

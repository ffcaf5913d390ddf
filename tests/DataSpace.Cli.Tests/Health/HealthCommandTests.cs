using DataSpace.Cli.Tests.Support;

namespace DataSpace.Cli.Tests.Health;

/// <summary><c>dsc health</c>: the container's HEALTHCHECK, with nothing but dsc: 0 ready, 1 not, 4 no answer.</summary>
public sealed class HealthCommandTests(FlowFixture flow) : IClassFixture<FlowFixture>
{
    [Fact]
    public async Task A_ready_connector_is_exit_zero_and_says_so()
    {
        var ready = await Dsc.RunAsync("health", "--url", flow.Url);
        var live = await Dsc.RunAsync("health", "--url", flow.Url, "--live", "--json");

        Assert.True(ready.ExitCode == ExitCodes.Ok, ready.Output + ready.Error);
        Assert.Contains("health/ready: Healthy (200)", ready.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, live.ExitCode);
        using var answer = System.Text.Json.JsonDocument.Parse(live.Output);
        Assert.Equal("Healthy", answer.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_endpoint_that_is_not_healthy_is_exit_one_and_no_answer_exit_four()
    {
        await using var fake = await FakeConnector.StartAsync(new Dictionary<string, string>());

        var unhealthy = await Dsc.RunAsync("health", "--url", fake.Url);
        var unreachable = await Dsc.RunAsync("health", "--url", "http://127.0.0.1:1", "--timeout", "2");

        Assert.Equal(ExitCodes.VerificationFailed, unhealthy.ExitCode);
        Assert.Contains("Unhealthy (404)", unhealthy.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.IoError, unreachable.ExitCode);
    }
}

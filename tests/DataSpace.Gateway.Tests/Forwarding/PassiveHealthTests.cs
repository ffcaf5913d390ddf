using DataSpace.Crypto.HttpSignatures;
using DataSpace.Gateway.Hosting;
using DataSpace.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Health;

namespace DataSpace.Gateway.Tests.Forwarding;

/// <summary>
/// A replica the passive check took out comes back after one probe interval (docs/gateway.md). YARP keeps it out for
/// the longer of the reactivation period and the failure-rate detection window, 60 s by default: a connector that
/// restarted would be locked out for a minute (found by the end-to-end crash test behind the gateway).
/// </summary>
public sealed class PassiveHealthTests : IDisposable
{
    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("00:00:01")]
    [InlineData("00:00:05")]
    public async Task Build_HealthCheckInterval_IsThePassiveDetectionWindow(string interval)
    {
        var secret = _files.Combine("gateway.secret");
        GatewaySecretFile.Create(secret);

        await using var app = GatewayHost.Build(
            ["--Gateway:Connectors:0=http://127.0.0.1:1", $"--Gateway:ConnectorSecretFile={secret}", "--Gateway:Urls=http://127.0.0.1:0", $"--Gateway:HealthCheck:Interval={interval}"]);

        var policy = app.Services.GetRequiredService<IOptions<TransportFailureRateHealthPolicyOptions>>().Value;
        Assert.Equal(TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture), policy.DetectionWindowSize);
    }
}

using DataSpace.Crypto.Signatures;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataSpace.Connector.Hosting;

/// <summary>Ready when the connector key is loaded and its signatures verify.</summary>
internal sealed class SigningKeyHealthCheck(SigningKey key) : IHealthCheck
{
    private static readonly byte[] Probe = "dataspace connector readiness"u8.ToArray();

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var ok = key.PublicKey.Verify(Probe, key.Sign(Probe));
            return Task.FromResult(ok
                ? HealthCheckResult.Healthy($"the {key.Suite.Name} key {key.PublicKey.KeyId} is loaded")
                : HealthCheckResult.Unhealthy("the connector key's signatures do not verify"));
        }
        catch (ObjectDisposedException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the connector key is no longer loaded"));
        }
    }
}

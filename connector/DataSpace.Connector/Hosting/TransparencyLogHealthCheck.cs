using DataSpace.Crypto.Log;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataSpace.Connector.Hosting;

/// <summary>Ready when the transparency log is open; reports its size.</summary>
internal sealed class TransparencyLogHealthCheck(ConnectorLifecycle lifecycle) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifecycle.OpenLog is ITransparencyLog log
            ? HealthCheckResult.Healthy($"the log is open with {log.Head.Size} entries")
            : HealthCheckResult.Unhealthy("the log is not open"));
}

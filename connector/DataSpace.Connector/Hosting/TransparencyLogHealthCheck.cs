using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataSpace.Connector.Hosting;

/// <summary>
/// Ready when the transparency log is open and taking appends; not ready while it refuses them after a write failed
/// (a full disk, an I/O error), until it writes again by itself (docs/audit-log.md, "Write failures").
/// </summary>
internal sealed class TransparencyLogHealthCheck(ConnectorLifecycle lifecycle) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifecycle.OpenLog switch
        {
            null => HealthCheckResult.Unhealthy("the log is not open"),
            { Fault: { } fault } => HealthCheckResult.Unhealthy(
                $"the log refuses appends since a write failed ({fault.Reason}); it holds {fault.Size} entries and retries by itself"),
            var log => HealthCheckResult.Healthy($"the log is open with {log.Head.Size} entries"),
        });
}

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataSpace.Connector.Hosting;

/// <summary>Ready when the data directory can be written.</summary>
internal sealed class DataDirectoryHealthCheck(ConnectorDataDirectory directory) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            directory.ProbeWritable();
            return Task.FromResult(HealthCheckResult.Healthy("the data directory is writable"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the data directory cannot be written"));
        }
    }
}

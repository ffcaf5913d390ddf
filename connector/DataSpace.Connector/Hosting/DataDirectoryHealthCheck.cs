using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DataSpace.Connector.Hosting;

/// <summary>
/// Ready when the data directory can be written and its file system has at least
/// <c>Connector:Health:MinimumFreeBytes</c> free: a disk about to fill takes the connector out before its log and
/// database fail (creating an empty probe file still succeeds on a full disk, so free space is checked apart).
/// </summary>
internal sealed class DataDirectoryHealthCheck(ConnectorDataDirectory directory, IOptions<ConnectorOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        long free;
        try
        {
            directory.ProbeWritable();
            free = directory.AvailableFreeBytes();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the data directory cannot be written"));
        }

        var minimum = options.Value.Health.MinimumFreeBytes;
        return Task.FromResult(free < minimum
            ? HealthCheckResult.Unhealthy(
                $"the data directory's file system has {Mebibytes(free)} free, below the {Mebibytes(minimum)} of Connector:Health:MinimumFreeBytes")
            : HealthCheckResult.Healthy($"the data directory is writable with {Mebibytes(free)} free"));
    }

    private static string Mebibytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB");
}

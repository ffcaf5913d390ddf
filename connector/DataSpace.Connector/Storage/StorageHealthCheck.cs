using System.Data.Common;
using DataSpace.Connector.Audit;
using DataSpace.Connector.Storage.Sql;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataSpace.Connector.Storage;

/// <summary>
/// Ready when the database can be written and read: the replica's row of <c>health_probes</c> gets a fresh token in a
/// committed write transaction and is read back (one small transaction per probe).
/// </summary>
internal sealed class StorageHealthCheck(StorageDatabase database, ConnectorReplica replica) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await database.ProbeAsync(replica.Id, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"the {database.Engine} database reads and writes");
        }
        catch (Exception exception) when (exception is DbException or IOException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"the database {database.Name} cannot be written and read: {exception.Message}");
        }
    }
}

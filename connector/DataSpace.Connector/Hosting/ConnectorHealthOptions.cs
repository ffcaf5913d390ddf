namespace DataSpace.Connector.Hosting;

/// <summary>What <c>/health/ready</c> requires beyond its checks passing (<c>Connector:Health</c>; docs/connector-service.md, "Health").</summary>
public sealed class ConnectorHealthOptions
{
    /// <summary>
    /// Below this many bytes free on the data directory's file system the connector is not ready, so that a gateway
    /// takes it out before its log and database run out of space; 0 turns the check off. 64 MiB by default.
    /// </summary>
    public long MinimumFreeBytes { get; set; } = 64L * 1024 * 1024;
}

namespace DataSpace.Connector.Telemetry;

/// <summary>
/// The <c>Connector:Metrics</c> section: the Prometheus scrape endpoint (docs/connector-service.md, "Metrics"). It is
/// for the supplier's operations staff only: some instruments (fuel, run time) carry values a job chooses, so the
/// endpoint is never on a route the gateway forwards, and <see cref="Urls"/> can move it to a listener of its own.
/// </summary>
public sealed class ConnectorMetricsOptions
{
    /// <summary>Record metrics and serve the scrape endpoint; when false neither happens.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The scrape endpoint's path.</summary>
    public string Path { get; set; } = "/metrics";

    /// <summary>
    /// A listener of its own for the scrape endpoint, separated by ';' (port 0 picks a free port), such as
    /// <c>http://127.0.0.1:9464</c>; when null the endpoint is served on the connector's own listener (<c>Connector:Urls</c>).
    /// </summary>
    public string? Urls { get; set; }
}

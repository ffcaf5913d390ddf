namespace DataSpace.Connector.Hosting;

/// <summary>The body of <c>/health/live</c> and <c>/health/ready</c>.</summary>
/// <param name="Status">Healthy, Degraded or Unhealthy.</param>
/// <param name="Checks">Each check's outcome by name.</param>
public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, HealthCheckResponse> Checks);

namespace DataSpace.Connector.Hosting;

/// <summary>One health check's outcome.</summary>
public sealed record HealthCheckResponse(string Status, string? Description, double DurationMilliseconds);

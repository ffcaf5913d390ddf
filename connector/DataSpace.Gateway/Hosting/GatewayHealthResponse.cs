namespace DataSpace.Gateway.Hosting;

/// <summary>The body of <c>/health/live</c> and <c>/health/ready</c>.</summary>
/// <param name="Status">Healthy or Unhealthy.</param>
/// <param name="TrustListLoaded">Whether a trust list was fetched from a connector.</param>
/// <param name="TrustedKeys">How many keys it holds.</param>
/// <param name="HealthyReplicas">Replicas requests may go to (healthy, or not probed yet).</param>
/// <param name="Replicas">Replicas configured.</param>
public sealed record GatewayHealthResponse(string Status, bool TrustListLoaded, int TrustedKeys, int HealthyReplicas, int Replicas);

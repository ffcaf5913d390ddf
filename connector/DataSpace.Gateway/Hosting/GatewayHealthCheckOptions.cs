namespace DataSpace.Gateway.Hosting;

/// <summary>The <c>Gateway:HealthCheck</c> section: active probes of every connector replica.</summary>
public sealed class GatewayHealthCheckOptions
{
    /// <summary>How often each replica is probed.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a probe may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The path probed on each replica; 2xx is healthy.</summary>
    public string Path { get; set; } = "/health/ready";

    /// <summary>Consecutive failed probes after which a replica is taken out of rotation.</summary>
    public int FailureThreshold { get; set; } = 2;
}

namespace DataSpace.Gateway.Hosting;

/// <summary>The <c>Gateway:Tracing</c> section: where traces go (docs/gateway.md, "Metrics and traces"); none by default.</summary>
public sealed class GatewayTracingOptions
{
    /// <summary>An OTLP/HTTP collector's base URL such as <c>http://127.0.0.1:4318</c>; when null no trace is recorded.</summary>
    public string? OtlpEndpoint { get; set; }
}

namespace DataSpace.Connector.Telemetry;

/// <summary>The <c>Connector:Tracing</c> section: where traces go (docs/connector-service.md, "Traces"); none by default.</summary>
public sealed class ConnectorTracingOptions
{
    /// <summary>An OTLP/HTTP collector's base URL such as <c>http://127.0.0.1:4318</c>; when null no trace is recorded.</summary>
    public string? OtlpEndpoint { get; set; }
}

namespace DataSpace.Gateway.Hosting;

/// <summary>The <c>Gateway:Logging</c> section.</summary>
public sealed class GatewayLoggingOptions
{
    /// <summary>Auto (text on a terminal, compact JSON when redirected), Text, Json or None.</summary>
    public GatewayConsoleFormat Console { get; set; } = GatewayConsoleFormat.Auto;

    /// <summary>A compact-JSON log file, rolled daily; none when null.</summary>
    public string? File { get; set; }

    /// <summary>Verbose, Debug, Information, Warning, Error or Fatal.</summary>
    public string MinimumLevel { get; set; } = "Information";

    /// <summary>One line per request (method, path, status, elapsed ms, party, route, replica); off for benchmarks.</summary>
    public bool AccessLog { get; set; } = true;
}

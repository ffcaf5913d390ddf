namespace DataSpace.Gateway.Hosting;

/// <summary>How the gateway writes its logs to the console.</summary>
public enum GatewayConsoleFormat
{
    /// <summary>Plain text when the console is interactive, compact JSON when it is redirected.</summary>
    Auto,

    /// <summary>Plain text lines.</summary>
    Text,

    /// <summary>Compact JSON (CLEF), one event per line.</summary>
    Json,

    /// <summary>No console output.</summary>
    None,
}

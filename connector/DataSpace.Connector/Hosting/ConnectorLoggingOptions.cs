namespace DataSpace.Connector.Hosting;

/// <summary>The <c>Connector:Logging</c> section: console format and the rolling JSON file under <c>logs/</c>.</summary>
public sealed class ConnectorLoggingOptions
{
    /// <summary>Plain text on an interactive console, compact JSON otherwise (Auto), or fixed; None turns it off.</summary>
    public ConsoleLogFormat Console { get; set; } = ConsoleLogFormat.Auto;

    /// <summary>A log file is rolled over when it reaches this size (files also roll daily).</summary>
    public long FileSizeLimitBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>How many log files are kept; older ones are deleted.</summary>
    public int RetainedFileCount { get; set; } = 14;
}

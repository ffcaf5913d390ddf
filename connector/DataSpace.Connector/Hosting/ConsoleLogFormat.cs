namespace DataSpace.Connector.Hosting;

/// <summary>How the connector writes its logs to the console.</summary>
public enum ConsoleLogFormat
{
    /// <summary>Plain text when the console is interactive, compact JSON when it is redirected.</summary>
    Auto,

    /// <summary>Plain text lines.</summary>
    Text,

    /// <summary>Compact JSON (CLEF), one event per line.</summary>
    Json,

    /// <summary>No console output; the file under <c>logs/</c> is still written.</summary>
    None,
}

namespace DataSpace.Connector;

/// <summary>Marks the connector assembly (for assembly scanning and logging).</summary>
internal static class ConnectorAssembly
{
    public static string Version { get; } =
        typeof(ConnectorAssembly).Assembly.GetName().Version?.ToString() ?? "0.0.0";
}

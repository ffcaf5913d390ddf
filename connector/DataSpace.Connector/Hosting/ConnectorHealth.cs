namespace DataSpace.Connector.Hosting;

/// <summary>
/// Names of the connector's health checks. A check tagged <see cref="ReadyTag"/> takes part in
/// <c>/health/ready</c>; more join with
/// <c>services.AddHealthChecks().AddCheck&lt;T&gt;("name", tags: [ConnectorHealth.ReadyTag])</c>.
/// </summary>
public static class ConnectorHealth
{
    public const string ReadyTag = "ready";

    public const string LivePath = "/health/live";

    public const string ReadyPath = "/health/ready";

    public const string DataDirectoryCheck = "data-directory";

    public const string TransparencyLogCheck = "transparency-log";

    public const string SigningKeyCheck = "signing-key";

    public const string StorageCheck = "storage";
}

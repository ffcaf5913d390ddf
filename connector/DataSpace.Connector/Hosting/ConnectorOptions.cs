namespace DataSpace.Connector.Hosting;

/// <summary>
/// The connector's settings, bound from the <c>Connector</c> section (appsettings.json, <c>DSC_Connector__*</c>
/// environment variables, <c>--Connector:*</c> arguments) and validated before anything is written.
/// </summary>
public sealed class ConnectorOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Connector";

    /// <summary>The one directory holding keys, the log, module cache and logs; relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "data/connector";

    /// <summary>The connector's id in the data space; by default its key id.</summary>
    public string? Id { get; set; }

    /// <summary>A human-readable name shown in the identity document.</summary>
    public string Name { get; set; } = "DataSpace connector";

    /// <summary>Where Kestrel listens, separated by ';' (port 0 picks a free port).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>The suite of the connector's own key: ed25519, sm2 or p256. Fixed once the key exists.</summary>
    public string SignatureSuite { get; set; } = "ed25519";

    /// <summary>The transparency log's checkpoint origin; by default <c>dataspace/&lt;key id&gt;</c>.</summary>
    public string? LogOrigin { get; set; }

    /// <summary>Checkpoints are signed at most this often while the log grows.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest request body of an ordinary endpoint; larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest request body of an upload endpoint (see <c>WithUploadLimits</c>).</summary>
    public long MaxUploadBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>The largest total size of a request's headers; larger ones get 431 from Kestrel.</summary>
    public int MaxRequestHeadersTotalBytes { get; set; } = 32 * 1024;

    /// <summary>The most headers one request may carry.</summary>
    public int MaxRequestHeaderCount { get; set; } = 100;

    /// <summary>How long an ordinary request may take before it is cancelled with 504.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an upload request may take.</summary>
    public TimeSpan UploadRequestTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long stopping may take: requests in flight finish and hosted services stop within it.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public ConnectorLoggingOptions Logging { get; set; } = new();

    public ConnectorSandboxOptions Sandbox { get; set; } = new();

    /// <summary>How job runs end (<c>Connector:Jobs</c>): the grid their ends are published on.</summary>
    public ConnectorJobsOptions Jobs { get; set; } = new();

    /// <summary>
    /// Connection string of the PostgreSQL database whose tables may be registered as datasets
    /// (<c>Connector:PostgresDatasets</c>); none by default. Credentials stay in configuration, never in a dataset record.
    /// </summary>
    public string? PostgresDatasets { get; set; }

    /// <summary>Requests forwarded by the gateway (<c>Connector:Gateway</c>, docs/gateway.md).</summary>
    public ConnectorGatewayOptions Gateway { get; set; } = new();

    /// <summary>Storage engine and connection (<c>Connector:Storage</c>).</summary>
    public ConnectorStorageOptions Storage { get; set; } = new();

    /// <summary>Privacy-budget limits of the accounts no agreement sets (<c>Connector:Privacy</c>, docs/privacy-budget.md).</summary>
    public DataSpace.Connector.Privacy.PrivacyBudgetOptions Privacy { get; set; } = new();
}

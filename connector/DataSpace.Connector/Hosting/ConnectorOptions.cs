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

    /// <summary>
    /// The directories dataset files may be registered from (<c>Connector:DataRoots:0</c>, <c>:1</c>, ...; relative to the
    /// working directory); none configured means <c>&lt;data dir&gt;/datasets</c>. Each must exist. A file is checked with
    /// its symbolic links followed, and never inside the data directory but its datasets/ folder (docs/connector-service.md,
    /// "Data roots").
    /// </summary>
    public IList<string> DataRoots { get; set; } = [];

    /// <summary>
    /// The most Parquet files (and, separately, partition directories) a folder dataset may hold
    /// (<c>Connector:MaxDatasetFiles</c>, docs/sandbox-data.md, "Partitioned Parquet folders"); a larger folder is refused.
    /// </summary>
    public int MaxDatasetFiles { get; set; } = DataSpace.Sandbox.Data.ParquetFolder.DefaultMaxFiles;

    /// <summary>The connector's id in the data space; by default its key id.</summary>
    public string? Id { get; set; }

    /// <summary>
    /// This replica's id among the replicas of one connector (<c>Connector:ReplicaId</c>): whose pending operations a
    /// restart closes, which runner holds a job. By default <c>&lt;id&gt;@&lt;machine name&gt;</c>, distinct per host (a
    /// Kubernetes pod's name); set it when several replicas run on one machine.
    /// </summary>
    public string? ReplicaId { get; set; }

    /// <summary>A human-readable name shown in the identity document.</summary>
    public string Name { get; set; } = "DataSpace connector";

    /// <summary>Where Kestrel listens, separated by ';' (port 0 picks a free port).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>
    /// The origins parties sign direct requests for (<c>@target-uri</c>, <c>@authority</c>), such as
    /// <c>http://connector.internal:8080</c>; empty (the default) derives them from the addresses the connector listens
    /// on (docs/connector-service.md, "Origins"). Never the gateway's: a request signed for the gateway does not verify here.
    /// </summary>
    public IList<string> PublicOrigins { get; set; } = [];

    /// <summary>The suite of the connector's own key: ed25519, sm2 or p256. Fixed once the key exists.</summary>
    public string SignatureSuite { get; set; } = "ed25519";

    /// <summary>The transparency log's checkpoint origin; by default <c>dataspace/&lt;key id&gt;</c>.</summary>
    public string? LogOrigin { get; set; }

    /// <summary>Checkpoints are signed at most this often while the log grows.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest request body of an ordinary endpoint; larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The largest request body of an upload endpoint (see <c>WithUploadLimits</c>); null (the default) derives it from
    /// the sandbox's module limit: see <see cref="UploadLimit"/>.
    /// </summary>
    public long? MaxUploadBytes { get; set; }

    /// <summary>
    /// The bytes of request bodies held at once over all requests (a body that finds no room gets 503); null (the
    /// default) is 32 MiB, or one upload if that is larger (docs/connector-service.md, "Bodies").
    /// </summary>
    public long? MaxBufferedBodyBytes { get; set; }

    /// <summary>
    /// <see cref="MaxUploadBytes"/>, or by default a job submission's worst case: the module at
    /// <c>Sandbox:MaxModuleBytes</c> in base64, its source (<c>ModuleSource.MaxBytes</c>, 1 MiB) JSON-escaped at
    /// worst (6 bytes a byte, <c>\u003C</c>), and an ordinary body for the manifest and the rest (29,709,656 bytes
    /// with the defaults).
    /// </summary>
    public long UploadLimit =>
        MaxUploadBytes ?? (4L * ((Sandbox.MaxModuleBytes + 2L) / 3)) + (6L * global::DataSpace.Connector.Jobs.ModuleSource.MaxBytes) + MaxRequestBodyBytes;

    /// <summary><see cref="MaxBufferedBodyBytes"/>, or by default the larger of 32 MiB and one upload.</summary>
    public long BufferedBodyLimit => MaxBufferedBodyBytes ?? Math.Max(32L * 1024 * 1024, UploadLimit);

    /// <summary>How often an address may be refused before its refusals become 429 (<c>Connector:RateLimit</c>).</summary>
    public ConnectorRateLimitOptions RateLimit { get; set; } = new();

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

    /// <summary>What readiness requires (<c>Connector:Health</c>): free space on the data directory's file system.</summary>
    public ConnectorHealthOptions Health { get; set; } = new();

    /// <summary>
    /// Start even though the database is missing or empty beside a non-empty transparency log (<c>dsc serve --restore</c>):
    /// the state the log describes is then gone (docs/connector-service.md, "Restoring"). Off by default: such a start is
    /// refused, since it usually means the database was lost. Remove it once the connector has started.
    /// </summary>
    public bool Restore { get; set; }

    /// <summary>The Prometheus scrape endpoint (<c>Connector:Metrics</c>, docs/connector-service.md, "Metrics").</summary>
    public DataSpace.Connector.Telemetry.ConnectorMetricsOptions Metrics { get; set; } = new();

    /// <summary>Where traces are exported (<c>Connector:Tracing</c>); nowhere by default.</summary>
    public DataSpace.Connector.Telemetry.ConnectorTracingOptions Tracing { get; set; } = new();

    /// <summary>Privacy-budget limits of the accounts no agreement sets (<c>Connector:Privacy</c>, docs/privacy-budget.md).</summary>
    public DataSpace.Connector.Privacy.PrivacyBudgetOptions Privacy { get; set; } = new();

    /// <summary>Revenue sharing at settlement (<c>Connector:Settlement</c>, docs/metering.md): the share schedule.</summary>
    public DataSpace.Connector.Settlement.SettlementOptions Settlement { get; set; } = new();
}

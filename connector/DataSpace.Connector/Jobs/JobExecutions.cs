using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Policy.JsonLd;
using DataSpace.Sandbox.Data;
using DataSpace.Sandbox.Hosting;

namespace DataSpace.Connector.Jobs;

/// <summary>Builds a <see cref="JobExecution"/> from what the store holds for a job: agreement, dataset, module, manifest.</summary>
internal static class JobExecutions
{
    /// <summary>Whether the agreement still permits running anything at <paramref name="now"/>: not revoked, not ended.</summary>
    public static bool Stands(Agreement? agreement, DateTimeOffset now) =>
        agreement is not null && agreement.RevokedAt is null && agreement.ValidUntil > now;

    /// <summary>
    /// The execution of <paramref name="job"/> under its standing <paramref name="agreement"/>, with its dataset opened (the
    /// caller disposes the execution's <see cref="JobExecution.Data"/>).
    /// </summary>
    public static async Task<JobExecution> BuildAsync(
        IConnectorStore store, SandboxHost sandbox, Job job, Agreement agreement, string? postgresDatasets, CancellationToken cancellationToken)
    {
        var dataset = await store.GetDatasetAsync(agreement.DatasetId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"dataset {agreement.DatasetId} of agreement {agreement.Id} is missing");
        var module = sandbox.TryGetModule(job.ModuleDigest)
            ?? sandbox.LoadModule(await store.GetModuleAsync(job.ModuleDigest, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"module {job.ModuleDigest} is missing"));
        var policy = PolicyParser.Parse(agreement.PolicyJson).Policy
            ?? throw new InvalidOperationException($"the policy of agreement {agreement.Id} no longer parses");
        return new JobExecution
        {
            Job = job,
            Agreement = agreement,
            Policy = policy,
            Manifest = JobManifest.Parse(System.Text.Encoding.UTF8.GetBytes(job.ManifestJson)),
            Module = module,
            Data = OpenData(dataset, postgresDatasets),
            DatasetDigest = dataset.ContentDigest,
            ClassificationLevel = dataset.ClassificationLevel,
        };
    }

    /// <summary>Opens a registered dataset: a file, or a PostgreSQL table through the configured connection.</summary>
    public static IDataSource OpenData(Dataset dataset, string? postgresDatasets) => dataset.Format switch
    {
        DatasetFormat.Csv => DataSources.Open(dataset.Location, DataFormat.Csv),
        DatasetFormat.Parquet => DataSources.Open(dataset.Location, DataFormat.Parquet),
        DatasetFormat.ArrowIpc => DataSources.Open(dataset.Location, DataFormat.ArrowIpc),
        _ => Data.PostgresTableSource.Open(
            postgresDatasets ?? throw new DataSourceException("Connector:PostgresDatasets is not configured, so PostgreSQL table datasets cannot be read"),
            dataset.Location),
    };
}

using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Policy.JsonLd;
using DataSpace.Sandbox.Data;
using DataSpace.Sandbox.Hosting;

namespace DataSpace.Connector.Jobs;

/// <summary>Builds a <see cref="JobExecution"/> from what the store holds for a job: agreement, dataset, module, manifest.</summary>
internal static class JobExecutions
{
    /// <summary>
    /// The execution of <paramref name="job"/>, with its dataset opened (the caller disposes the execution's
    /// <see cref="JobExecution.Data"/>); null when its agreement is revoked or has ended.
    /// </summary>
    public static async Task<JobExecution?> BuildAsync(
        IConnectorStore store, SandboxHost sandbox, Job job, string? postgresDatasets, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var agreement = await store.GetAgreementAsync(job.AgreementId, cancellationToken).ConfigureAwait(false);
        if (agreement is null || agreement.RevokedAt is not null || agreement.ValidUntil <= now)
        {
            return null;
        }

        var dataset = await store.GetDatasetAsync(agreement.DatasetId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"dataset {agreement.DatasetId} of agreement {agreement.Id} is missing");
        var module = sandbox.TryGetModule(job.ModuleDigest)
            ?? sandbox.LoadModule(await store.GetModuleAsync(job.ModuleDigest, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"module {job.ModuleDigest} is missing"));
        var policy = PolicyParser.Parse(agreement.PolicyJson).Policy
            ?? throw new InvalidOperationException($"the policy of agreement {agreement.Id} no longer parses");
        return new JobExecution
        {
            JobId = job.Id,
            OperatorId = job.OperatorId,
            AgreementId = agreement.Id,
            Purpose = agreement.Purpose,
            Policy = policy,
            AgreementStart = agreement.ValidFrom,
            Manifest = JobManifest.Parse(System.Text.Encoding.UTF8.GetBytes(job.ManifestJson)),
            Module = module,
            Data = OpenData(dataset, postgresDatasets),
            DatasetDigest = dataset.ContentDigest,
            ClassificationLevel = dataset.ClassificationLevel,
            RecipientId = job.DataUserId,
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

    /// <summary>The stored form of a released result.</summary>
    public static JobResult ResultOf(Job job, ExecutionResult result, DateTimeOffset now) => new()
    {
        JobId = job.Id,
        Envelope = result.SealedOutput!,
        ReceiptJson = result.Receipt!.ToString(),
        OutputDigest = Crypto.Statements.ResultReceipts.OutputDigestOf(result.SealedOutput),
        LogIndex = result.ReleaseIndex!.Value,
        CreatedAt = now,
    };
}

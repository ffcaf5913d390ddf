using DataSpace.Connector.Data;
using DataSpace.Connector.Model;
using DataSpace.Connector.Plans;
using DataSpace.Connector.Storage;
using DataSpace.Policy.JsonLd;
using DataSpace.Sandbox.Data;
using DataSpace.Sandbox.Hosting;
using DataSpace.Sandbox.Plans;

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
    /// <remarks>
    /// When <paramref name="splits"/> says the job will run as tasks (docs/connector-service.md, "Tasks"), a folder dataset's
    /// files are compared with the registered ones by path and size here, and each task hashes its own files before it
    /// reads them; otherwise every file is hashed here.
    /// </remarks>
    public static async Task<JobExecution> BuildAsync(
        IConnectorStore store, SandboxHost sandbox, Job job, Agreement agreement, DatasetSources sources, CancellationToken cancellationToken,
        Func<JobManifest, Dataset, bool>? splits = null)
    {
        var dataset = await store.GetDatasetAsync(agreement.DatasetId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"dataset {agreement.DatasetId} of agreement {agreement.Id} is missing");
        var module = job.Program == JobProgram.Module ? sandbox.TryGetModule(job.ModuleDigest) : null;
        var stored = module is not null ? null
            : await store.GetModuleAsync(job.ModuleDigest, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"the module or plan {job.ModuleDigest} of job {job.Id} is missing");
        var plan = job.Program == JobProgram.Plan ? PlanDocument.Load(stored) : null;
        // Compiled here, after approval, by the sandbox's bounded worker (or taken from its caches); a module it cannot
        // compile within its limits throws ModuleRejectedException, which fails the job (JobRunner).
        module ??= plan is null ? await sandbox.LoadModuleAsync(stored, cancellationToken).ConfigureAwait(false) : null;
        var policy = PolicyParser.Parse(agreement.PolicyJson).Policy
            ?? throw new InvalidOperationException($"the policy of agreement {agreement.Id} no longer parses");
        var manifest = JobManifest.Parse(System.Text.Encoding.UTF8.GetBytes(job.ManifestJson), plan?.Plan);
        PlanRead? joined = null;
        if (plan?.Plan.Join is { } join)
        {
            // The joined agreement is checked again by the run's decision; here only what the run needs is loaded.
            var joinedAgreement = await store.GetAgreementAsync(join.Agreement, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"agreement {join.Agreement} of job {job.Id}'s join is missing");
            var joinedDataset = await store.GetDatasetAsync(join.Dataset, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"dataset {join.Dataset} of job {job.Id}'s join is missing");
            joined = new PlanRead(joinedAgreement, PolicyParser.Parse(joinedAgreement.PolicyJson).Policy
                ?? throw new InvalidOperationException($"the policy of agreement {joinedAgreement.Id} no longer parses"), joinedDataset);
        }

        // Each file is checked again as at registration (docs/connector-service.md, "Data roots"), and read through the handle checked.
        var data = sources.Open(dataset, hashFolder: splits?.Invoke(manifest, dataset) != true, cancellationToken);
        IDataSource? joinedData = null;
        try
        {
            joinedData = joined is null ? null : sources.Open(joined.Dataset, cancellationToken);
        }
        catch
        {
            data.Dispose();
            throw;
        }

        return new JobExecution
        {
            Job = job,
            Agreement = agreement,
            Policy = policy,
            Manifest = manifest,
            Module = module,
            Plan = plan,
            Dataset = dataset,
            Joined = joined,
            Data = data,
            JoinedData = joinedData,
            DatasetDigest = dataset.ContentDigest,
            ClassificationLevel = dataset.ClassificationLevel,
            DatasetRows = dataset.RowCount,
            IdentifyingColumns = ColumnClasses.Identifying(dataset.ColumnClassesJson),
        };
    }
}

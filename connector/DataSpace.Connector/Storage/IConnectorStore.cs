using DataSpace.Connector.Model;

namespace DataSpace.Connector.Storage;

/// <summary>
/// The connector's persistent state: parties, datasets, offers, agreements, modules, jobs and results
/// (docs/storage.md). Every implementation behaves the same on every engine.
/// </summary>
/// <remarks>
/// Adding a record whose id exists, or that refers to a missing record, throws <see cref="StoreConflictException"/>
/// and changes nothing. Gets return null for a missing id. Job state changes are compare-and-set, so two replicas
/// can never both start (or both finish) the same job. Every method applies pending schema migrations on first use.
/// </remarks>
public interface IConnectorStore
{
    /// <summary>Applies pending schema migrations now rather than on first use (startup calls it to fail early).</summary>
    /// <exception cref="StorageSchemaException">The database was migrated by a newer connector.</exception>
    public Task InitializeAsync(CancellationToken cancellationToken);

    // Parties (the trust list)

    /// <exception cref="StoreConflictException">The party id or one of its key ids exists.</exception>
    public Task AddPartyAsync(Party party, CancellationToken cancellationToken);

    public Task<Party?> GetPartyAsync(string partyId, CancellationToken cancellationToken);

    /// <summary>The party owning the key a signed request names.</summary>
    public Task<Party?> GetPartyByKeyIdAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>All parties, by id.</summary>
    public Task<IReadOnlyList<Party>> ListPartiesAsync(CancellationToken cancellationToken);

    // Datasets

    /// <exception cref="StoreConflictException">The dataset id exists.</exception>
    public Task AddDatasetAsync(Dataset dataset, CancellationToken cancellationToken);

    public Task<Dataset?> GetDatasetAsync(string datasetId, CancellationToken cancellationToken);

    /// <summary>All datasets, by id.</summary>
    public Task<IReadOnlyList<Dataset>> ListDatasetsAsync(CancellationToken cancellationToken);

    // Offers

    /// <exception cref="StoreConflictException">The offer id exists, or its dataset does not.</exception>
    public Task AddOfferAsync(Offer offer, CancellationToken cancellationToken);

    public Task<Offer?> GetOfferAsync(string offerId, CancellationToken cancellationToken);

    /// <summary>Offers by id, of one dataset or (null) of all, withdrawn ones included.</summary>
    public Task<IReadOnlyList<Offer>> ListOffersAsync(string? datasetId, CancellationToken cancellationToken);

    /// <summary>Withdraws a standing offer; false if it is missing or already withdrawn.</summary>
    public Task<bool> WithdrawOfferAsync(string offerId, DateTimeOffset withdrawnAt, CancellationToken cancellationToken);

    // Agreements

    /// <exception cref="StoreConflictException">The agreement id exists, or its offer, dataset or operator does not.</exception>
    public Task AddAgreementAsync(Agreement agreement, CancellationToken cancellationToken);

    public Task<Agreement?> GetAgreementAsync(string agreementId, CancellationToken cancellationToken);

    /// <summary>Agreements by id, on one dataset or (null) on all, revoked ones included.</summary>
    public Task<IReadOnlyList<Agreement>> ListAgreementsAsync(string? datasetId, CancellationToken cancellationToken);

    /// <summary>Revokes a standing agreement; false if it is missing or already revoked.</summary>
    public Task<bool> RevokeAgreementAsync(string agreementId, DateTimeOffset revokedAt, CancellationToken cancellationToken);

    // Modules (content-addressed)

    /// <summary>Stores a module's bytes under its digest; storing the same digest again changes nothing and returns false.</summary>
    public Task<bool> PutModuleAsync(string digest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    public Task<byte[]?> GetModuleAsync(string digest, CancellationToken cancellationToken);

    // Jobs

    /// <summary>Adds a job; its module must be stored first.</summary>
    /// <exception cref="StoreConflictException">The job id exists, or its agreement, operator or module does not.</exception>
    public Task AddJobAsync(Job job, CancellationToken cancellationToken);

    public Task<Job?> GetJobAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Jobs by submission time, in one state or (null) in any.</summary>
    public Task<IReadOnlyList<Job>> ListJobsAsync(JobState? state, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a job from <paramref name="expected"/> to <paramref name="next"/> and writes <paramref name="changes"/>,
    /// in one atomic step: true if this call made the change, false if the job is missing or no longer in
    /// <paramref name="expected"/> (another request or replica moved it first). Moving to Running adds one to the
    /// job's attempt number.
    /// </summary>
    /// <exception cref="ArgumentException">The job state machine does not allow the transition (<see cref="JobTransitions"/>).</exception>
    public Task<bool> TryTransitionJobAsync(
        string jobId, JobState expected, JobState next, JobChanges changes, CancellationToken cancellationToken);

    /// <summary>
    /// Releases a running job: stores its result and moves it Running → Released in one transaction, so a result is
    /// never stored for a job that is not released, nor a job released without its result. False (nothing stored) if
    /// the job is not running.
    /// </summary>
    /// <exception cref="StoreConflictException">The job already has a result.</exception>
    public Task<bool> TryReleaseJobAsync(JobResult result, JobChanges changes, CancellationToken cancellationToken);

    /// <summary>Adds to a job's rows-processed counter; false if the job is missing.</summary>
    /// <summary>Releases a job from <paramref name="from"/> (Running, or PendingReview after the supplier's review), as above.</summary>
    public Task<bool> TryReleaseJobAsync(JobResult result, JobChanges changes, JobState from, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a running job to PendingReview and keeps its custom output for the supplier, in one transaction;
    /// false (nothing kept) if the job is not running.
    /// </summary>
    public Task<bool> TryHoldForReviewAsync(string jobId, ReadOnlyMemory<byte> output, JobChanges changes, CancellationToken cancellationToken);

    /// <summary>The custom output held for review, or null.</summary>
    public Task<byte[]?> GetHeldOutputAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Refuses a job in review (PendingReview → Refused) and forgets its held output, in one transaction.</summary>
    public Task<bool> TryRefuseReviewAsync(string jobId, JobChanges changes, CancellationToken cancellationToken);

    public Task<bool> AddRowsProcessedAsync(string jobId, long rows, CancellationToken cancellationToken);

    /// <summary>
    /// Restart recovery: marks every Running job failed with <paramref name="reason"/> and returns how many. With
    /// <paramref name="runnerId"/>, only the jobs that runner started (a replica restarting must not fail the jobs
    /// other replicas are running); with null, all of them (a single connector).
    /// </summary>
    public Task<int> MarkInterruptedJobsFailedAsync(string reason, string? runnerId, CancellationToken cancellationToken);

    // Results

    public Task<JobResult?> GetResultAsync(string jobId, CancellationToken cancellationToken);

    // Disclosure

    /// <summary>
    /// Per dataset (by id, one or (null) all): the agreements on it with operator, purpose and validity, how many jobs
    /// ran, rows processed, results released and refused; read from one consistent snapshot.
    /// </summary>
    public Task<IReadOnlyList<DatasetDisclosure>> GetDisclosureAsync(string? datasetId, CancellationToken cancellationToken);
}

using DataSpace.Connector.Model;

namespace DataSpace.Connector.Storage;

/// <summary>
/// The connector's persistent state: parties, datasets, offers, agreements, modules, jobs and results
/// (docs/storage.md). Every implementation behaves the same on every engine.
/// </summary>
/// <remarks>
/// Adding a record whose id exists, or that refers to a missing record, throws <see cref="StoreConflictException"/>
/// and changes nothing. Gets return null for a missing id. A job or agreement is changed only by the operation that
/// claimed it (a compare-and-set), so two requests or replicas never both act on it; the change and the end of the
/// operation are one transaction (docs/storage.md, "Operations"). Every method applies pending schema migrations on
/// first use.
/// </remarks>
public interface IConnectorStore
{
    /// <summary>Applies pending schema migrations now rather than on first use (startup calls it to fail early).</summary>
    /// <exception cref="StorageSchemaException">The database was migrated by a newer connector.</exception>
    public Task InitializeAsync(CancellationToken cancellationToken);

    // Parties (the trust list)

    /// <exception cref="StoreConflictException">The party id or one of its key ids exists.</exception>
    public Task AddPartyAsync(Party party, CancellationToken cancellationToken);

    /// <summary>As above, and removes the pending operation <paramref name="completes"/> in the same transaction.</summary>
    public Task AddPartyAsync(Party party, string? completes, CancellationToken cancellationToken);

    public Task<Party?> GetPartyAsync(string partyId, CancellationToken cancellationToken);

    /// <summary>The party owning the key a signed request names.</summary>
    public Task<Party?> GetPartyByKeyIdAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>All parties on the trust list (not removed), by id.</summary>
    public Task<IReadOnlyList<Party>> ListPartiesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Takes the party off the trust list and removes the pending operation <paramref name="completes"/> in the same
    /// transaction: its keys are deleted (no lookup finds them again, and a new party may bring them), and its record stays,
    /// marked removed at <paramref name="removedAt"/>, because agreements and jobs on record refer to it. A removed party is
    /// neither listed nor found by id or key, and its id is not given again.
    /// </summary>
    /// <exception cref="StoreConflictException">No party with that id is on the trust list (<see cref="StoreConflictReason.MissingReference"/>).</exception>
    public Task RemovePartyAsync(string partyId, DateTimeOffset removedAt, string? completes, CancellationToken cancellationToken);

    // Datasets

    /// <exception cref="StoreConflictException">The dataset id exists.</exception>
    public Task AddDatasetAsync(Dataset dataset, CancellationToken cancellationToken);

    /// <summary>As above, and removes the pending operation <paramref name="completes"/> in the same transaction.</summary>
    public Task AddDatasetAsync(Dataset dataset, string? completes, CancellationToken cancellationToken);

    public Task<Dataset?> GetDatasetAsync(string datasetId, CancellationToken cancellationToken);

    /// <summary>All datasets, by id.</summary>
    public Task<IReadOnlyList<Dataset>> ListDatasetsAsync(CancellationToken cancellationToken);

    // Offers

    /// <exception cref="StoreConflictException">The offer id exists, or its dataset does not.</exception>
    public Task AddOfferAsync(Offer offer, CancellationToken cancellationToken);

    /// <summary>As above, and removes the pending operation <paramref name="completes"/> in the same transaction.</summary>
    public Task AddOfferAsync(Offer offer, string? completes, CancellationToken cancellationToken);

    public Task<Offer?> GetOfferAsync(string offerId, CancellationToken cancellationToken);

    /// <summary>Offers by id, of one dataset or (null) of all, withdrawn ones included.</summary>
    public Task<IReadOnlyList<Offer>> ListOffersAsync(string? datasetId, CancellationToken cancellationToken);

    /// <summary>Withdraws a standing offer; false if it is missing or already withdrawn.</summary>
    public Task<bool> WithdrawOfferAsync(string offerId, DateTimeOffset withdrawnAt, CancellationToken cancellationToken);

    // Agreements

    /// <exception cref="StoreConflictException">The agreement id exists, or its offer, dataset or operator does not.</exception>
    public Task AddAgreementAsync(Agreement agreement, CancellationToken cancellationToken);

    /// <summary>As above, and removes the pending operation <paramref name="completes"/> in the same transaction.</summary>
    public Task AddAgreementAsync(Agreement agreement, string? completes, CancellationToken cancellationToken);

    public Task<Agreement?> GetAgreementAsync(string agreementId, CancellationToken cancellationToken);

    /// <summary>Agreements by id, on one dataset or (null) on all, revoked ones included.</summary>
    public Task<IReadOnlyList<Agreement>> ListAgreementsAsync(string? datasetId, CancellationToken cancellationToken);

    /// <summary>Revokes a standing agreement; false if it is missing or already revoked.</summary>
    public Task<bool> RevokeAgreementAsync(string agreementId, DateTimeOffset revokedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Claims a standing agreement for <paramref name="operation"/> (its revocation), as <see cref="TryClaimJobAsync"/>
    /// claims a job: true for exactly one of any number of concurrent callers.
    /// </summary>
    public Task<bool> TryClaimAgreementAsync(string agreementId, PendingOperation operation, CancellationToken cancellationToken);

    /// <summary>Revokes the agreement <paramref name="completes"/> claimed, clearing the claim and removing the operation in one transaction.</summary>
    public Task<bool> RevokeAgreementAsync(string agreementId, DateTimeOffset revokedAt, string completes, CancellationToken cancellationToken);

    // Modules (content-addressed)

    /// <summary>Stores a module's bytes under its digest; storing the same digest again changes nothing and returns false.</summary>
    public Task<bool> PutModuleAsync(string digest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    public Task<byte[]?> GetModuleAsync(string digest, CancellationToken cancellationToken);

    // Module sources (content-addressed; docs/module-review.md)

    /// <summary>Stores a module's source text under its digest; storing the same digest again changes nothing and returns false.</summary>
    public Task<bool> PutSourceAsync(string digest, string content, CancellationToken cancellationToken);

    public Task<string?> GetSourceAsync(string digest, CancellationToken cancellationToken);

    // Jobs

    /// <summary>Adds a job; its module (and its source, if it names one) must be stored first.</summary>
    /// <exception cref="StoreConflictException">The job id exists, or its agreement, operator, module or source does not.</exception>
    public Task AddJobAsync(Job job, CancellationToken cancellationToken);

    /// <summary>As above, and removes the pending operation <paramref name="completes"/> in the same transaction.</summary>
    public Task AddJobAsync(Job job, string? completes, CancellationToken cancellationToken);

    public Task<Job?> GetJobAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Jobs by submission time, in one state or (null) in any.</summary>
    public Task<IReadOnlyList<Job>> ListJobsAsync(JobState? state, CancellationToken cancellationToken);

    /// <summary>
    /// Claims a job for <paramref name="operation"/>: in one step, if the job is in <paramref name="from"/> and no other
    /// operation holds it, marks it claimed and records the operation. True for exactly one of any number of concurrent
    /// callers (in this process or another replica); false, changing nothing, for the others and for a missing job.
    /// </summary>
    public Task<bool> TryClaimJobAsync(string jobId, JobState from, PendingOperation operation, CancellationToken cancellationToken);

    /// <summary>
    /// Ends a job transition in one transaction: the new state and changes, the result or held output, the rows read,
    /// the claim cleared and the operation removed. False (nothing written) unless the operation holds the job's claim.
    /// Moving to Running adds one to the job's attempt number.
    /// </summary>
    /// <exception cref="StoreConflictException">The job already has a result or held output.</exception>
    public Task<bool> FinalizeJobAsync(JobFinalization finalization, CancellationToken cancellationToken);

    /// <summary>The custom output a job holds for the supplier's review, or null.</summary>
    public Task<byte[]?> GetHeldOutputAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>What a job's end held back for the supplier (stored by its finalization), or null (none held).</summary>
    public Task<HeldDetail?> GetHeldDetailAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>The leak check's verdict (JSON) kept with a job's held output, or null (none held, or held without one).</summary>
    public Task<string?> GetHeldLeakCheckAsync(string jobId, CancellationToken cancellationToken);

    // Logged operations (docs/storage.md, "Operations")

    /// <summary>Records an operation before its opening entry is logged; false if another is pending on its resource.</summary>
    public Task<bool> TryBeginOperationAsync(PendingOperation operation, CancellationToken cancellationToken);

    /// <summary>The operations a process (replica) left pending, oldest first.</summary>
    public Task<IReadOnlyList<PendingOperation>> ListOperationsAsync(string runnerId, CancellationToken cancellationToken);

    /// <summary>
    /// Removes an operation whose effect did not happen, releasing any job or agreement it claimed; false if it is not
    /// pending (it completed, or was abandoned already).
    /// </summary>
    public Task<bool> AbandonOperationAsync(string operationId, CancellationToken cancellationToken);

    // Budget

    /// <summary>
    /// The effect of a budget debit (docs/privacy-budget.md, "Debits are log entries"): seals the usage ledger's open
    /// reservations (they can no longer be returned) and completes the debit's logged operation, in one transaction on
    /// the database the ledger shares with the store. False, with nothing written, if any reservation is not open.
    /// </summary>
    public Task<bool> SealReservationsAsync(string operationId, IReadOnlyList<Guid> reservationIds, CancellationToken cancellationToken);

    // Results

    public Task<JobResult?> GetResultAsync(string jobId, CancellationToken cancellationToken);

    // Connector secrets

    /// <summary>
    /// The secret named <paramref name="name"/>, made with <paramref name="create"/> by the first caller of any replica and
    /// the same for every caller after (insert-if-absent, then read, in one transaction).
    /// </summary>
    public Task<byte[]> GetOrCreateSecretAsync(string name, Func<byte[]> create, CancellationToken cancellationToken);

    // Released row sets (query-set overlap control of exact plan releases)

    /// <summary>
    /// In one transaction, serialised per dataset: checks every set of <paramref name="release"/> against the sets
    /// recorded for the same dataset content whose row counts are within <see cref="RowSetRelease.MaxDifference"/>, and
    /// records the new ones unless one differs from a recorded one by at least one row and fewer than the larger of
    /// the two releases' minimum group sizes. Returns the first conflict (nothing recorded), or
    /// null when the release may go out (its sets recorded; sets equal to a recorded one are not recorded twice).
    /// </summary>
    public Task<RowSetConflict?> TryRecordRowSetsAsync(RowSetRelease release, CancellationToken cancellationToken);

    // Disclosure

    /// <summary>
    /// Per dataset (by id, one or (null) all): the agreements on it with operator, purpose and validity, how many jobs
    /// ran, rows processed, results released and refused, and the privacy budget each data user spent on it (its
    /// <c>data-user</c> budget accounts); read from one consistent snapshot.
    /// </summary>
    public Task<IReadOnlyList<DatasetDisclosure>> GetDisclosureAsync(string? datasetId, CancellationToken cancellationToken);

    // Settlement

    /// <summary>
    /// Stores one agreement's settlement statement for a period, completing the operation <paramref name="completes"/>
    /// (its <c>settlement.close</c> entry); a second statement for the same period and agreement is a
    /// <see cref="StoreConflictException"/>: a closed period cannot change.
    /// </summary>
    public Task AddSettlementAsync(DataSpace.Connector.Settlement.ClosedSettlement settlement, string? completes, CancellationToken cancellationToken);

    /// <summary>The stored statements (without their JSON), of one period or all, by period and agreement.</summary>
    public Task<IReadOnlyList<DataSpace.Connector.Settlement.ClosedSettlement>> ListSettlementsAsync(string? period, CancellationToken cancellationToken);

    /// <summary>One stored statement with its JSON, or null.</summary>
    public Task<DataSpace.Connector.Settlement.ClosedSettlement?> GetSettlementAsync(string period, string agreementId, CancellationToken cancellationToken);

    // Lists (docs/connector-service.md, "Lists"): keyset pages, every filter applied in the query

    /// <summary>A page of jobs by <c>(submitted_at, id)</c>: see <see cref="JobQuery"/>.</summary>
    public Task<IReadOnlyList<Job>> PageJobsAsync(JobQuery query, CancellationToken cancellationToken);

    /// <summary>A page of agreements by id: see <see cref="AgreementQuery"/>.</summary>
    public Task<IReadOnlyList<Agreement>> PageAgreementsAsync(AgreementQuery query, CancellationToken cancellationToken);

    /// <summary>A page of the trust list by party id, each party with its keys: see <see cref="PartyQuery"/>.</summary>
    public Task<IReadOnlyList<Party>> PagePartiesAsync(PartyQuery query, CancellationToken cancellationToken);

    /// <summary>At most <paramref name="limit"/> datasets by id, after the id <paramref name="after"/> (null: from the first).</summary>
    public Task<IReadOnlyList<Dataset>> PageDatasetsAsync(string? after, int limit, CancellationToken cancellationToken);

    /// <summary>A page of offers by id: see <see cref="OfferQuery"/>.</summary>
    public Task<IReadOnlyList<Offer>> PageOffersAsync(OfferQuery query, CancellationToken cancellationToken);

    // Audit index (docs/storage.md, "audit_index"): the log's entries, indexed for filters; derived from the log

    /// <summary>
    /// How many entries of the log <paramref name="logId"/> are indexed (the next index to add), and the <c>WhenMax</c> of
    /// the last one (null when none is).
    /// </summary>
    public Task<(long Size, DateTimeOffset? WhenMax)> GetAuditIndexTailAsync(string logId, CancellationToken cancellationToken);

    /// <summary>Adds index rows of the log <paramref name="logId"/> in one transaction; a row already indexed is a <see cref="StoreConflictException"/>.</summary>
    public Task AddAuditIndexAsync(string logId, IReadOnlyList<AuditIndexRow> rows, CancellationToken cancellationToken);

    /// <summary>Removes the index rows of <paramref name="logId"/> at or above <paramref name="from"/> (an index ahead of its log).</summary>
    public Task TrimAuditIndexAsync(string logId, long from, CancellationToken cancellationToken);

    /// <summary>A page of the indexes of the log entries that pass <paramref name="query"/>'s filters, in log order.</summary>
    public Task<IReadOnlyList<long>> SearchAuditIndexAsync(AuditQuery query, CancellationToken cancellationToken);

    // Federation (docs/federation.md)

    /// <summary>Stores a job's federation (before the job: a federation row without its job is never read); a second one with the same id is a <see cref="StoreConflictException"/>.</summary>
    public Task AddFederationAsync(DataSpace.Connector.Federation.FederationRecord federation, CancellationToken cancellationToken);

    /// <summary>The federation of <paramref name="federationId"/>, or null.</summary>
    public Task<DataSpace.Connector.Federation.FederationRecord?> GetFederationAsync(string federationId, CancellationToken cancellationToken);

    /// <summary>The federation the job <paramref name="jobId"/> runs for, or null for a job of this connector alone.</summary>
    public Task<DataSpace.Connector.Federation.FederationRecord?> GetFederationOfJobAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Stores the participants' key set, once: false if it was stored already.</summary>
    public Task<bool> SetFederationKeysAsync(string federationId, string keysJson, CancellationToken cancellationToken);

    /// <summary>Marks the federation aborted with <paramref name="reason"/>, once: false if it was aborted already.</summary>
    public Task<bool> AbortFederationAsync(string federationId, string reason, CancellationToken cancellationToken);

    /// <summary>Stores a participant's masked vector, once: false if that participant's vector was stored already.</summary>
    public Task<bool> AddFederationVectorAsync(DataSpace.Connector.Federation.FederationVector vector, CancellationToken cancellationToken);

    /// <summary>The masked vectors received for <paramref name="federationId"/>, by participant.</summary>
    public Task<IReadOnlyList<DataSpace.Connector.Federation.FederationVector>> ListFederationVectorsAsync(string federationId, CancellationToken cancellationToken);

    /// <summary>
    /// The federations whose job (on this connector) is in <paramref name="state"/>; with <paramref name="standingOnly"/>,
    /// only those not aborted (the federation service's pass reads only what it may still have to do).
    /// </summary>
    public Task<IReadOnlyList<DataSpace.Connector.Federation.FederationRecord>> ListFederationsAsync(JobState state, bool standingOnly, CancellationToken cancellationToken);
}

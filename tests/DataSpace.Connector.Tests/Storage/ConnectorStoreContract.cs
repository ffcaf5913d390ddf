using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;

namespace DataSpace.Connector.Tests.Storage;

/// <summary>What every <see cref="IConnectorStore"/> must do with records: round trips, lists, conflicts, disclosure.</summary>
public abstract class ConnectorStoreContract : StorageContract
{
    [Fact]
    public async Task AddParty_ThenGet_RoundTripsWithKeysInOrder()
    {
        var party = StoreSamples.Party("urn:party:a", PartyRole.Auditor);

        await Store.AddPartyAsync(party, Token);
        var stored = await Store.GetPartyAsync("urn:party:a", Token);

        Assert.NotNull(stored);
        Assert.Equal(party with { Keys = stored.Keys }, stored);
        Assert.Equal(party.Keys, stored.Keys);
    }

    [Fact]
    public async Task GetPartyByKeyId_KnownKey_ReturnsItsParty()
    {
        await Store.AddPartyAsync(StoreSamples.Party("urn:party:a"), Token);
        await Store.AddPartyAsync(StoreSamples.Party("urn:party:b"), Token);

        var owner = await Store.GetPartyByKeyIdAsync("urn:party:b#key-2", Token);

        Assert.Equal("urn:party:b", owner?.Id);
        Assert.Equal(2, owner?.Keys.Count);
        Assert.Null(await Store.GetPartyByKeyIdAsync("urn:party:c#key-1", Token));
    }

    [Fact]
    public async Task AddParty_DuplicateId_ThrowsConflict()
    {
        await Store.AddPartyAsync(StoreSamples.Party("urn:party:a"), Token);

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(() =>
            Store.AddPartyAsync(StoreSamples.Party("urn:party:a") with { DisplayName = "someone else", Keys = [] }, Token));

        Assert.Equal(StoreConflictReason.DuplicateId, conflict.Reason);
        Assert.Equal("Party urn:party:a", (await Store.GetPartyAsync("urn:party:a", Token))?.DisplayName);
    }

    [Fact]
    public async Task AddParty_KeyIdOfAnotherParty_ThrowsAndAddsNothing()
    {
        await Store.AddPartyAsync(StoreSamples.Party("urn:party:a"), Token);
        var thief = StoreSamples.Party("urn:party:b") with { Keys = [new PartyKey("urn:party:a#key-1", "-----BEGIN PUBLIC KEY-----")] };

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AddPartyAsync(thief, Token));

        Assert.Null(await Store.GetPartyAsync("urn:party:b", Token));
        Assert.Equal("urn:party:a", (await Store.GetPartyByKeyIdAsync("urn:party:a#key-1", Token))?.Id);
    }

    [Fact]
    public async Task ListParties_SeveralParties_ById()
    {
        await Store.AddPartyAsync(StoreSamples.Party("urn:party:b"), Token);
        await Store.AddPartyAsync(StoreSamples.Party("urn:party:a") with { Keys = [] }, Token);

        var parties = await Store.ListPartiesAsync(Token);

        Assert.Equal(["urn:party:a", "urn:party:b"], parties.Select(p => p.Id));
        Assert.Equal([0, 2], parties.Select(p => p.Keys.Count));
    }

    [Fact]
    public async Task AddDataset_ThenGetAndList_RoundTrips()
    {
        var dataset = StoreSamples.Dataset("urn:dataset:b") with
        {
            Format = DatasetFormat.PostgresTable,
            Location = "public.income",
            ColumnClassesJson = """{"taxpayer_id":"identifying","income":"sensitive"}""",
        };
        await Store.AddDatasetAsync(dataset, Token);
        await Store.AddDatasetAsync(StoreSamples.Dataset("urn:dataset:a") with { Format = DatasetFormat.ArrowIpc }, Token);

        Assert.Equal(dataset, await Store.GetDatasetAsync("urn:dataset:b", Token));
        Assert.Null((await Store.GetDatasetAsync("urn:dataset:a", Token))!.ColumnClassesJson);
        Assert.Equal(["urn:dataset:a", "urn:dataset:b"], (await Store.ListDatasetsAsync(Token)).Select(d => d.Id));
    }

    [Fact]
    public async Task AddDataset_DuplicateId_ThrowsConflictAndKeepsTheFirst()
    {
        var first = StoreSamples.Dataset("urn:dataset:a");
        await Store.AddDatasetAsync(first, Token);

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(() =>
            Store.AddDatasetAsync(first with { Name = "other" }, Token));

        Assert.Equal((StoreConflictReason.DuplicateId, "dataset", "urn:dataset:a"), (conflict.Reason, conflict.Resource, conflict.Id));
        Assert.Equal(first, await Store.GetDatasetAsync("urn:dataset:a", Token));
    }

    [Fact]
    public async Task AddOffer_ThenWithdraw_RoundTripsAndWithdrawsOnce()
    {
        await Store.AddDatasetAsync(StoreSamples.Dataset("urn:dataset:a"), Token);
        var offer = StoreSamples.Offer("urn:offer:a", "urn:dataset:a");
        await Store.AddOfferAsync(offer, Token);
        Assert.Equal(offer, await Store.GetOfferAsync("urn:offer:a", Token));

        var withdrawnAt = TestDatabase.Now.AddDays(1);
        Assert.True(await Store.WithdrawOfferAsync("urn:offer:a", withdrawnAt, Token));
        Assert.False(await Store.WithdrawOfferAsync("urn:offer:a", withdrawnAt.AddDays(1), Token));
        Assert.False(await Store.WithdrawOfferAsync("urn:offer:missing", withdrawnAt, Token));

        Assert.Equal(offer with { WithdrawnAt = withdrawnAt }, await Store.GetOfferAsync("urn:offer:a", Token));
    }

    [Fact]
    public async Task ListOffers_ByDataset_OnlyThatDatasets()
    {
        await Store.AddDatasetAsync(StoreSamples.Dataset("urn:dataset:a"), Token);
        await Store.AddDatasetAsync(StoreSamples.Dataset("urn:dataset:b"), Token);
        await Store.AddOfferAsync(StoreSamples.Offer("urn:offer:1", "urn:dataset:a"), Token);
        await Store.AddOfferAsync(StoreSamples.Offer("urn:offer:2", "urn:dataset:b"), Token);
        await Store.AddOfferAsync(StoreSamples.Offer("urn:offer:3", "urn:dataset:a"), Token);

        Assert.Equal(["urn:offer:1", "urn:offer:3"], (await Store.ListOffersAsync("urn:dataset:a", Token)).Select(o => o.Id));
        Assert.Equal(3, (await Store.ListOffersAsync(null, Token)).Count);
    }

    [Fact]
    public async Task AddOffer_MissingDataset_ThrowsMissingReference()
    {
        var conflict = await Assert.ThrowsAsync<StoreConflictException>(() =>
            Store.AddOfferAsync(StoreSamples.Offer("urn:offer:a", "urn:dataset:missing"), Token));

        Assert.Equal(StoreConflictReason.MissingReference, conflict.Reason);
        Assert.Null(await Store.GetOfferAsync("urn:offer:a", Token));
    }

    [Fact]
    public async Task AddAgreement_ThenRevoke_RoundTripsAndRevokesOnce()
    {
        var agreement = await StoreSamples.SeedAgreementAsync(Store, cancellationToken: Token);
        Assert.Equal(agreement, await Store.GetAgreementAsync(agreement.Id, Token));

        var revokedAt = TestDatabase.Now.AddDays(2);
        Assert.True(await Store.RevokeAgreementAsync(agreement.Id, revokedAt, Token));
        Assert.False(await Store.RevokeAgreementAsync(agreement.Id, revokedAt, Token));

        Assert.Equal(agreement with { RevokedAt = revokedAt }, await Store.GetAgreementAsync(agreement.Id, Token));
        Assert.Equal([agreement.Id], (await Store.ListAgreementsAsync(agreement.DatasetId, Token)).Select(a => a.Id));
        Assert.Empty(await Store.ListAgreementsAsync("urn:dataset:other", Token));
    }

    [Fact]
    public async Task AddAgreement_UnknownOperator_ThrowsMissingReference()
    {
        var agreement = await StoreSamples.SeedAgreementAsync(Store, cancellationToken: Token);

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(() =>
            Store.AddAgreementAsync(agreement with { Id = "urn:agreement:other", OperatorId = "urn:party:stranger" }, Token));

        Assert.Equal(StoreConflictReason.MissingReference, conflict.Reason);
    }

    [Fact]
    public async Task PutModule_SameDigestTwice_StoresOnce()
    {
        Assert.True(await Store.PutModuleAsync("sha256:aa", StoreSamples.Module, Token));
        Assert.False(await Store.PutModuleAsync("sha256:aa", new byte[] { 9 }, Token));

        Assert.Equal(StoreSamples.Module, await Store.GetModuleAsync("sha256:aa", Token));
        Assert.Null(await Store.GetModuleAsync("sha256:bb", Token));
    }

    [Fact]
    public async Task PutSource_SameDigestTwice_StoresOnceExactly()
    {
        const string source = "/* 统计 */\r\n#include \"dsc_util.h\"\n\tint x;\n";

        Assert.True(await Store.PutSourceAsync("sha256:cc", source, Token));
        Assert.False(await Store.PutSourceAsync("sha256:cc", "other", Token));

        Assert.Equal(source, await Store.GetSourceAsync("sha256:cc", Token));
        Assert.Null(await Store.GetSourceAsync("sha256:dd", Token));
    }

    [Fact]
    public async Task AddJob_WithItsSource_RoundTripsTheSourceDigest()
    {
        var agreement = await StoreSamples.SeedAgreementAsync(Store, cancellationToken: Token);
        await Store.PutSourceAsync("sha256:cc", "int x;\n", Token);
        var job = StoreSamples.Job("urn:job:1", agreement.Id, agreement.OperatorId) with { SourceDigest = "sha256:cc" };

        await Store.AddJobAsync(job, Token);

        Assert.Equal(job, await Store.GetJobAsync("urn:job:1", Token));
        Assert.Equal("sha256:cc", Assert.Single(await Store.ListJobsAsync(null, Token)).SourceDigest);
    }

    [Fact]
    public async Task AddJob_SourceNotStored_ThrowsMissingReference()
    {
        var agreement = await StoreSamples.SeedAgreementAsync(Store, cancellationToken: Token);

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(() => Store.AddJobAsync(
            StoreSamples.Job("urn:job:1", agreement.Id, agreement.OperatorId) with { SourceDigest = "sha256:unknown" }, Token));

        Assert.Equal(StoreConflictReason.MissingReference, conflict.Reason);
        Assert.Null(await Store.GetJobAsync("urn:job:1", Token));
    }

    [Fact]
    public async Task AddJob_AllFieldsSet_RoundTrips()
    {
        var agreement = await StoreSamples.SeedAgreementAsync(Store, cancellationToken: Token);
        var job = StoreSamples.Job("urn:job:1", agreement.Id, agreement.OperatorId, JobState.Failed) with
        {
            Reason = "trap: out of fuel",
            ApprovalSignature = "YXBwcm92ZWQ=",
            RunnerId = "replica-1",
            ApprovedAt = TestDatabase.Now.AddMinutes(5),
            StartedAt = TestDatabase.Now.AddMinutes(6),
            FinishedAt = TestDatabase.Now.AddMinutes(7),
            Attempt = 2,
            RowsProcessed = 12_345,
        };

        await Store.AddJobAsync(job, Token);

        Assert.Equal(job, await Store.GetJobAsync("urn:job:1", Token));
    }

    [Fact]
    public async Task AddJob_DuplicateId_ThrowsConflict()
    {
        var agreement = await StoreSamples.SeedAgreementAsync(Store, cancellationToken: Token);
        await Store.AddJobAsync(StoreSamples.Job("urn:job:1", agreement.Id, agreement.OperatorId), Token);

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(() =>
            Store.AddJobAsync(StoreSamples.Job("urn:job:1", agreement.Id, agreement.OperatorId), Token));

        Assert.Equal(StoreConflictReason.DuplicateId, conflict.Reason);
    }

    [Fact]
    public async Task AddJob_ModuleNotStored_ThrowsMissingReference()
    {
        var agreement = await StoreSamples.SeedAgreementAsync(Store, cancellationToken: Token);

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(() => Store.AddJobAsync(
            StoreSamples.Job("urn:job:1", agreement.Id, agreement.OperatorId) with { ModuleDigest = "sha256:unknown" }, Token));

        Assert.Equal(StoreConflictReason.MissingReference, conflict.Reason);
        Assert.Null(await Store.GetJobAsync("urn:job:1", Token));
    }

    [Fact]
    public async Task Get_MissingIds_ReturnNull()
    {
        Assert.Null(await Store.GetPartyAsync("x", Token));
        Assert.Null(await Store.GetDatasetAsync("x", Token));
        Assert.Null(await Store.GetOfferAsync("x", Token));
        Assert.Null(await Store.GetAgreementAsync("x", Token));
        Assert.Null(await Store.GetJobAsync("x", Token));
        Assert.Null(await Store.GetResultAsync("x", Token));
        Assert.Null(await Store.GetModuleAsync("x", Token));
    }

    [Fact]
    public async Task GetDisclosure_AfterJobsRan_CountsPerDataset()
    {
        var agreement = await StoreSamples.SeedAgreementAsync(Store, cancellationToken: Token);
        await StoreSamples.SeedAgreementAsync(Store, "-idle", Token);
        await RunJobAsync("urn:job:released", JobState.Released, rows: 10_000);
        await RunJobAsync("urn:job:refused", JobState.Refused, rows: 2_500);
        await RunJobAsync("urn:job:failed", JobState.Failed, rows: 7);
        await Store.AddJobAsync(StoreSamples.Job("urn:job:waiting", agreement.Id, agreement.OperatorId), Token);

        var report = await Store.GetDisclosureAsync(null, Token);

        Assert.Equal(["urn:dataset:income", "urn:dataset:income-idle"], report.Select(d => d.DatasetId));
        var used = report[0];
        Assert.Equal((3L, 12_507L, 1L, 1L), (used.JobsRun, used.RowsProcessed, used.ResultsReleased, used.ResultsRefused));
        var held = Assert.Single(used.Agreements);
        Assert.Equal(
            (agreement.Id, "urn:party:operator", "Party urn:party:operator", agreement.Purpose, agreement.ValidUntil),
            (held.AgreementId, held.OperatorId, held.OperatorName, held.Purpose, held.ValidUntil));
        Assert.Equal((0L, 0L, 0L, 0L), (report[1].JobsRun, report[1].RowsProcessed, report[1].ResultsReleased, report[1].ResultsRefused));
        Assert.Single(await Store.GetDisclosureAsync("urn:dataset:income-idle", Token));

        async Task RunJobAsync(string id, JobState end, long rows)
        {
            await Store.AddJobAsync(StoreSamples.Job(id, agreement.Id, agreement.OperatorId, JobState.Approved), Token);
            await StoreSamples.MoveAsync(Store, id, JobState.Approved, JobState.Running, Token);
            await StoreSamples.MoveAsync(Store, id, JobState.Running, end, Token, rows, end == JobState.Released ? StoreSamples.Result(id) : null);
        }
    }

    [Fact]
    public async Task AuditIndex_TrimmedAndIndexedAgain_TrimsEachEntrysDatasetsToo()
    {
        await Store.AddAuditIndexAsync("log-1", [Row(0, "dataset/tax", ["tax"]), Row(1, "job/j-1", ["tax", "social"]), Row(2, "job/j-2", ["social"])], Token);

        await Store.TrimAuditIndexAsync("log-1", 1, Token);
        await Store.AddAuditIndexAsync("log-1", [Row(1, "job/j-9", ["tax"]), Row(2, "job/j-9", [])], Token);

        Assert.Equal((3L, Row(2, "", []).WhenMax), await Store.GetAuditIndexTailAsync("log-1", Token));
        Assert.Equal([0L, 1L], await Store.SearchAuditIndexAsync(new AuditQuery { LogId = "log-1", Limit = 10, Dataset = "tax" }, Token));
        Assert.Empty(await Store.SearchAuditIndexAsync(new AuditQuery { LogId = "log-1", Limit = 10, Dataset = "social" }, Token));
    }

    [Fact]
    public async Task AuditIndex_RowsIndexedTwice_ConflictAndAddNoDatasetOfTheBatch()
    {
        await Store.AddAuditIndexAsync("log-1", [Row(0, "dataset/tax", ["tax"])], Token);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AddAuditIndexAsync("log-1", [Row(1, "job/j-1", ["social"]), Row(0, "dataset/tax", ["tax"])], Token));

        Assert.Equal(1L, (await Store.GetAuditIndexTailAsync("log-1", Token)).Size);
        Assert.Empty(await Store.SearchAuditIndexAsync(new AuditQuery { LogId = "log-1", Limit = 10, Dataset = "social" }, Token));
        Assert.Equal([0L], await Store.SearchAuditIndexAsync(new AuditQuery { LogId = "log-1", Limit = 10, Dataset = "tax" }, Token));
    }

    [Fact]
    public async Task SearchAuditIndex_ByDatasetWithOtherFilters_PagesThatDatasetsEntriesInLogOrder()
    {
        var rows = Enumerable.Range(0, 12).Select(i => Row(i, i % 3 == 0 ? "dataset/tax" : "job/j-" + i, i % 2 == 0 ? ["tax"] : ["social", "tax"])).ToList();
        await Store.AddAuditIndexAsync("log-1", rows, Token);
        await Store.AddAuditIndexAsync("log-2", [Row(0, "dataset/tax", ["tax"])], Token);

        var pages = new List<long>();
        long? after = null;
        while (await Store.SearchAuditIndexAsync(new AuditQuery { LogId = "log-1", Limit = 5, Dataset = "tax", After = after }, Token) is { Count: > 0 } page)
        {
            pages.AddRange(page);
            after = page[^1];
        }

        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), pages);
        Assert.Equal([1L, 5L, 7L, 11L],
            await Store.SearchAuditIndexAsync(new AuditQuery { LogId = "log-1", Limit = 10, Dataset = "social", ResourcePrefix = "job/", After = 0 }, Token));
        Assert.Equal([3L, 9L], await Store.SearchAuditIndexAsync(new AuditQuery
        {
            LogId = "log-1", Limit = 10, Dataset = "social", ResourcePrefix = "dataset/", From = rows[2].When, To = rows[10].When,
        }, Token));
        Assert.Empty(await Store.SearchAuditIndexAsync(new AuditQuery { LogId = "log-1", Limit = 10, Dataset = "ta" }, Token));
    }

    /// <summary>An index row of log entry <paramref name="index"/>, stamped a minute after the one before.</summary>
    private static AuditIndexRow Row(long index, string resource, IReadOnlyList<string> datasets)
    {
        var when = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(index);
        return new AuditIndexRow(index, when, when, "test.action", "urn:party:a", resource, datasets);
    }
}

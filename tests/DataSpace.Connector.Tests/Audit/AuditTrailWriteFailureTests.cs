using DataSpace.Connector.Audit;
using DataSpace.Connector.Model;
using DataSpace.Connector.Tests.Jobs;
using DataSpace.Crypto.Log;

namespace DataSpace.Connector.Tests.Audit;

/// <summary>
/// A log write failure releases what it claimed once the log writes again, without a restart (docs/audit-log.md,
/// "Write failures"): an operation whose opening entry the log did not write does not block its resource, nor a job
/// stay claimed, until the connector restarts; and the log never holds an opening entry without its closing one.
/// </summary>
public sealed class AuditTrailWriteFailureTests
{
    [Fact]
    public async Task An_opening_entry_certainly_not_written_releases_the_resource_at_once()
    {
        ControlledLog controlled = null!;
        await using var harness = await LifecycleHarness.StartAsync(wrapLog: log => controlled = new ControlledLog(log));
        controlled.FailNext(notAppended: true);

        await Assert.ThrowsAsync<LogUnavailableException>(() => BeginPartyAsync(harness));
        var claimed = await harness.Store.TryBeginOperationAsync(harness.Audit.NewOperation("party.add", "party/urn:party:new", "test"), CancellationToken.None);

        // Released at once, while the log still refuses appends: nothing waits for the log to come back.
        Assert.True(claimed);
        Assert.DoesNotContain(harness.Entries(), e => e.Action == "party.add");
    }

    [Fact]
    public async Task An_opening_entry_whose_fate_is_unknown_blocks_the_resource_only_until_the_log_writes_again()
    {
        ControlledLog controlled = null!;
        await using var harness = await LifecycleHarness.StartAsync(wrapLog: log => controlled = new ControlledLog(log));
        controlled.FailNext(notAppended: false);

        await Assert.ThrowsAsync<LogUnavailableException>(() => BeginPartyAsync(harness));
        var duringTheFault = await BeginPartyAsync(harness);
        controlled.Resume();
        var afterIt = await BeginPartyAsync(harness);

        Assert.Null(duringTheFault);
        Assert.NotNull(afterIt);
        Assert.Equal(["party.add"], harness.Entries().Select(e => e.Action));
    }

    [Fact]
    public async Task A_closing_entry_not_written_is_written_once_the_log_writes_again_and_the_claim_released()
    {
        ControlledLog controlled = null!;
        await using var harness = await LifecycleHarness.StartAsync(wrapLog: log => controlled = new ControlledLog(log));
        var operation = (await BeginPartyAsync(harness))!;
        controlled.FailNext(notAppended: true);

        await Assert.ThrowsAsync<LogUnavailableException>(() => operation.AbortAsync("the party could not be stored"));
        controlled.Resume();
        var again = await BeginPartyAsync(harness);

        Assert.NotNull(again);
        var entries = harness.Entries();
        Assert.Equal(["party.add", "party.add", "party.add"], entries.Select(e => e.Action));
        Assert.Equal([AuditDecisions.Permit, AuditDecisions.Aborted, AuditDecisions.Permit], entries.Select(e => e.Decision));
        Assert.Equal(entries[0].Details![AuditTrail.OperationDetail], entries[1].Details![AuditTrail.OperationDetail]);
    }

    [Fact]
    public async Task A_job_whose_start_the_log_could_not_write_can_start_once_it_writes_again()
    {
        ControlledLog controlled = null!;
        await using var harness = await LifecycleHarness.StartAsync(wrapLog: log => controlled = new ControlledLog(log));
        var job = await harness.SubmitAsync("j-w", preApproved: true);
        controlled.FailNext(notAppended: false);

        await Assert.ThrowsAsync<LogUnavailableException>(() => harness.Lifecycle.StartAsync(job, CancellationToken.None));
        controlled.Resume();
        await harness.Audit.SettleAsync();
        var started = await harness.Lifecycle.StartAsync(job, CancellationToken.None);

        Assert.True(started.Made);
        Assert.Equal(JobState.Running, started.Job!.State);
        Assert.Equal(["job.submit", "job.start"], harness.Entries().Select(e => e.Action));
    }

    private static Task<LoggedOperation?> BeginPartyAsync(LifecycleHarness harness) =>
        harness.Audit.BeginAsync("party.add", "party/urn:party:new", "urn:party:tax-bureau", AuditDecisions.Permit, null, null, CancellationToken.None);

    /// <summary>A log whose next append fails as a full disk makes it fail, and that stays faulted until resumed.</summary>
    private sealed class ControlledLog(ITransparencyLog inner) : ITransparencyLog
    {
        private bool? _failNext;
        private LogFault? _fault;

        public void FailNext(bool notAppended) => _failNext = notAppended;

        public void Resume() => _fault = null;

        public DataSpace.Crypto.Merkle.MerkleHasher Hasher => inner.Hasher;

        public LogHead Head => inner.Head;

        public LogFault? Fault => _fault;

        public ValueTask<long> AppendAsync(LogEntry entry, CancellationToken cancellationToken = default)
        {
            if (_failNext is { } notAppended)
            {
                _failNext = null;
                _fault = new LogFault("no space left on device", inner.Head.Size, 0);
                throw new LogUnavailableException("the log could not make the entry durable: no space left on device", notAppended);
            }

            return _fault is null
                ? inner.AppendAsync(entry, cancellationToken)
                : throw new LogUnavailableException("the log refuses appends until it can write again", notAppended: true);
        }

        public byte[] ReadLeaf(long index) => inner.ReadLeaf(index);

        public void WriteLeaves(long start, long count, Stream destination) => inner.WriteLeaves(start, count, destination);

        public byte[] RootHash(long treeSize) => inner.RootHash(treeSize);

        public byte[][] InclusionProof(long leafIndex, long treeSize) => inner.InclusionProof(leafIndex, treeSize);

        public byte[][] ConsistencyProof(long oldSize, long newSize) => inner.ConsistencyProof(oldSize, newSize);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

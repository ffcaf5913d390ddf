using System.Text;
using System.Text.Json;
using DataSpace.Connector.Model;
using DataSpace.Crypto.Envelope;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Statements;
using DataSpace.Sandbox.Data;

namespace DataSpace.Connector.Tests.Jobs;

/// <summary>Decide, read, run, vet and deliver through the real log, store, ledger, sandbox and envelopes.</summary>
public sealed class JobExecutorTests
{
    private static async Task<Job> StartedAsync(LifecycleHarness harness, string id)
    {
        var job = await harness.SubmitAsync(id, preApproved: true);
        var started = await harness.Lifecycle.StartAsync(job, CancellationToken.None);
        Assert.True(started.Made);
        return started.Job!;
    }

    [Fact]
    public async Task A_permitted_job_is_logged_first_then_released_sealed_with_a_receipt_that_verifies_offline()
    {
        await using var harness = await LifecycleHarness.StartAsync();
        var job = await StartedAsync(harness, "j-1");

        var end = await harness.Executor.RunAsync(harness.Execution(job), CancellationToken.None);

        Assert.True(end.Job?.State == JobState.Released, end.Job?.Reason);
        Assert.Equal(["job.submit", "job.start", "policy.decision", "dataset.read", ResultReceipts.ReleaseAction], harness.Entries().Select(e => e.Action));
        var stored = await harness.Store.GetJobAsync("j-1", CancellationToken.None);
        Assert.Equal((JobState.Released, 400L), (stored!.State, stored.RowsProcessed));

        var result = (await harness.Store.GetResultAsync("j-1", CancellationToken.None))!;
        var envelope = result.Envelope.ToArray();
        var verification = ResultReceipts.Verify(SignedStatement.Parse(result.ReceiptJson), harness.ConnectorKey.PublicKey, LifecycleHarness.Origin, envelope);
        Assert.True(verification.IsValid, verification.Failure);
        Assert.Equal(result.LogIndex, verification.Content!.LogIndex);
        Assert.Equal(ResultReceipts.ReleaseAction, harness.Entries()[(int)result.LogIndex].Action);

        var plaintext = Envelopes.Open(harness.DataUserKey, "j-1", SealedEnvelope.Parse(envelope));
        using var document = JsonDocument.Parse(plaintext);
        var aggregate = document.RootElement.GetProperty("aggregate");
        Assert.Equal(4, aggregate.GetProperty("Groups").GetArrayLength());
        Assert.Equal("None", aggregate.GetProperty("Mechanism").GetString());
        Assert.DoesNotContain("1042", Encoding.UTF8.GetString(plaintext), StringComparison.Ordinal);

        // A module's output is exact: its agreement asks for no noise (docs/module-review.md), so no budget is spent.
        var usage = await harness.Ledger.GetAsync("a-1", default);
        Assert.Equal((1, 0m), (usage.Uses, usage.Epsilon));
    }

    [Fact]
    public async Task A_denied_job_reads_nothing_and_the_denial_is_logged()
    {
        await using var harness = await LifecycleHarness.StartAsync();
        var job = await StartedAsync(harness, "j-d");
        var data = new CountingSource(DataSources.Open(harness.CsvPath));

        var end = await harness.Executor.RunAsync(harness.Execution(job, LifecycleHarness.AgreementPolicy("[\"region\", \"income\"]"), data), CancellationToken.None);

        Assert.Equal(JobState.Refused, end.Job?.State);
        Assert.Equal(0, data.Reads);
        Assert.Equal(["job.submit", "job.start", "policy.decision", "job.refuse"], harness.Entries().Select(e => e.Action));
        Assert.Equal("deny", harness.Entries()[2].Decision);
        Assert.Equal(0, (await harness.Ledger.GetAsync("a-1", default)).Uses);
    }

    [Theory]
    [InlineData(3, 0, 0)]
    [InlineData(4, 0, 1)]
    [InlineData(5, 1, 1)]
    public async Task When_an_append_fails_nothing_further_happens_and_only_a_run_past_its_checks_is_charged(int failingAppend, int readsBefore, long uses)
    {
        // Appends 1 and 2 are the job's submission and start; 3 the decision, 4 the read, 5 the release. A run refused or
        // stopped at its decision gets its use back; once past it, its use is spent, read or not (docs/privacy-budget.md;
        // with noise, the budget debit comes between the decision and the read: BudgetAccountsTests).
        await using var harness = await LifecycleHarness.StartAsync(wrapLog: log => new FailingLog(log, failingAppend));
        var job = await StartedAsync(harness, "j-f");
        var data = new CountingSource(DataSources.Open(harness.CsvPath));

        await Assert.ThrowsAsync<IOException>(() => harness.Executor.RunAsync(harness.Execution(job, data: data), CancellationToken.None));

        Assert.Equal(readsBefore, data.Reads);
        Assert.Equal(failingAppend - 1, harness.Entries().Count);
        Assert.DoesNotContain(harness.Entries(), e => e.Action == ResultReceipts.ReleaseAction);
        Assert.Null(await harness.Store.GetResultAsync("j-f", CancellationToken.None));
        var usage = await harness.Ledger.GetAsync("a-1", default);
        Assert.Equal((uses, 0m), (usage.Uses, usage.Epsilon));
    }

    /// <summary>A log whose n-th append fails, as a full disk would make it.</summary>
    private sealed class FailingLog(ITransparencyLog inner, int failOn) : ITransparencyLog
    {
        private int _appends;

        public DataSpace.Crypto.Merkle.MerkleHasher Hasher => inner.Hasher;

        public LogHead Head => inner.Head;

        public ValueTask<long> AppendAsync(LogEntry entry, CancellationToken cancellationToken = default) =>
            ++_appends == failOn ? throw new IOException("no space left on device") : inner.AppendAsync(entry, cancellationToken);

        public byte[] ReadLeaf(long index) => inner.ReadLeaf(index);

        public void WriteLeaves(long start, long count, Stream destination) => inner.WriteLeaves(start, count, destination);

        public byte[] RootHash(long treeSize) => inner.RootHash(treeSize);

        public byte[][] InclusionProof(long leafIndex, long treeSize) => inner.InclusionProof(leafIndex, treeSize);

        public byte[][] ConsistencyProof(long oldSize, long newSize) => inner.ConsistencyProof(oldSize, newSize);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class CountingSource(IDataSource inner) : IDataSource
    {
        public int Reads { get; private set; }

        public DatasetSchema Schema => inner.Schema;

        public IEnumerable<Apache.Arrow.RecordBatch> ReadBatches(IReadOnlyList<string> columns, int maxRows, CancellationToken cancellationToken = default)
        {
            Reads++;
            return inner.ReadBatches(columns, maxRows, cancellationToken);
        }

        public void Dispose() => inner.Dispose();
    }
}

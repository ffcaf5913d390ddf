using System.Globalization;
using System.Text;
using System.Text.Json;
using DataSpace.Connector.Jobs;
using DataSpace.Crypto.Envelope;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Model;
using DataSpace.Policy.State;
using DataSpace.Sandbox.Data;
using DataSpace.Sandbox.Hosting;

namespace DataSpace.Connector.Tests.Jobs;

/// <summary>Decide, read, run, vet and deliver through the real log, ledger, sandbox and envelopes.</summary>
public sealed class JobExecutorTests : IAsyncLifetime
{
    private const string Origin = "connector.test/log";
    private const string Dataset = "urn:dataset:tax";

    private readonly string _directory = Directory.CreateTempSubdirectory("dsc-executor-").FullName;
    private readonly SigningKey _connector = SignatureSuites.Ed25519.GenerateKey();
    private readonly SigningKey _dataUser = SignatureSuites.P256.GenerateKey();
    private readonly SandboxHost _sandbox = new(new SandboxOptions());
    private readonly IUsageLedger _ledger = UsageLedgerFactory.CreateInMemory();
    private ITransparencyLog _log = null!;
    private Checkpointer _checkpointer = null!;
    private JobExecutor _executor = null!;
    private string _csv = "";

    public Task InitializeAsync()
    {
        _log = TransparencyLog.Open(new LogOptions { Directory = Path.Combine(_directory, "log") });
        _checkpointer = new Checkpointer(_log, _connector, Origin, null, TimeSpan.FromHours(1), TimeProvider.System);
        _executor = new JobExecutor(_sandbox, _log, _checkpointer, _connector, _ledger, TimeProvider.System);
        var csv = new StringBuilder("region,income,tax\n");
        for (var i = 0; i < 400; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{11 + (i % 4)},{1000 + i}.25,{100 + (i % 7)}.5\n");
        }

        _csv = Path.Combine(_directory, "tax.csv");
        return File.WriteAllTextAsync(_csv, csv.ToString());
    }

    public async Task DisposeAsync()
    {
        await _checkpointer.DisposeAsync();
        await _log.DisposeAsync();
        _sandbox.Dispose();
        _connector.Dispose();
        _dataUser.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static OdrlPolicy Policy(string columns = "[\"region\", \"income\", \"tax\"]")
    {
        var result = PolicyParser.Parse($$"""
            {
              "@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}],
              "@type": "Agreement",
              "uid": "urn:agreement:a-1",
              "profile": "https://dataspace.example/odrl/profile#",
              "assigner": "urn:party:tax-bureau",
              "assignee": "urn:party:operator",
              "target": "{{Dataset}}",
              "permission": [{
                "action": "dsc:computeAggregate",
                "constraint": [
                  {"leftOperand": "dsc:groupSize", "operator": "gteq", "rightOperand": 5},
                  {"leftOperand": "dsc:epsilon", "operator": "lteq", "rightOperand": 2},
                  {"leftOperand": "dsc:column", "operator": "isPartOf", "rightOperand": {{columns}}}
                ]
              }]
            }
            """);
        return result.Policy ?? throw new InvalidOperationException(string.Join("; ", result.Errors));
    }

    private JobExecution Job(string id, OdrlPolicy? policy = null, IDataSource? data = null) => new()
    {
        JobId = id,
        OperatorId = "urn:party:operator",
        AgreementId = "a-1",
        Purpose = "official-statistics",
        Policy = policy ?? Policy(),
        AgreementStart = DateTimeOffset.UtcNow.AddDays(-1),
        Manifest = JobManifest.Parse(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            agreement = "a-1",
            dataset = Dataset,
            columns = new[] { "region", "income", "tax" },
            output = "aggregate",
            recipient = _dataUser.PublicKey.ExportPem(),
            measures = new object[] { new { name = "income", lower = 0, upper = 1e6 }, new { name = "tax", lower = 0, upper = 5e5 } },
            groupKeyColumn = "region",
            epsilon = 0.5,
        }))),
        Module = _sandbox.LoadModule(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", "jobs", "grouped-stats", "grouped-stats.wasm"))),
        Data = data ?? DataSources.Open(_csv),
        DatasetDigest = "sha256:" + new string('d', 64),
    };

    private List<LogEntry> Entries()
    {
        var entries = new List<LogEntry>();
        for (long i = 0; i < _log.Head.Size; i++)
        {
            var leaf = _log.ReadLeaf(i);
            Assert.True(LogLeaf.TryParse(leaf, out var parts, out _));
            entries.Add(LogEntry.Parse(leaf.AsSpan()[parts.Entry]));
        }

        return entries;
    }

    [Fact]
    public async Task A_permitted_job_is_logged_first_then_released_sealed_with_a_receipt_that_verifies_offline()
    {
        var result = await _executor.ExecuteAsync(Job("j-1"), default);

        Assert.True(result.Status == ExecutionStatus.Released, $"{result.Reason} {result.Outcome?.JobMessage} {result.Outcome?.Detail}");
        Assert.Equal(["policy.decision", "dataset.read", ResultReceipts.ReleaseAction], Entries().Select(e => e.Action));
        Assert.Equal(400, result.RowsProcessed);

        var verification = ResultReceipts.Verify(SignedStatement.Parse(result.Receipt!.ToCanonicalJson()), _connector.PublicKey, Origin, result.SealedOutput!);
        Assert.True(verification.IsValid, verification.Failure);
        Assert.Equal(result.ReleaseIndex, verification.Content!.LogIndex);

        var plaintext = Envelopes.Open(_dataUser, "j-1", SealedEnvelope.Parse(result.SealedOutput));
        using var document = JsonDocument.Parse(plaintext);
        var aggregate = document.RootElement.GetProperty("aggregate");
        Assert.Equal(4, aggregate.GetProperty("Groups").GetArrayLength());
        Assert.Equal("Laplace", aggregate.GetProperty("Mechanism").GetString());
        Assert.Equal(0.5, aggregate.GetProperty("EpsilonSpent").GetDouble(), 12);
        Assert.DoesNotContain("1042", Encoding.UTF8.GetString(plaintext), StringComparison.Ordinal);

        var usage = await _ledger.GetAsync("a-1", default);
        Assert.Equal((1, 0.5m), (usage.Uses, usage.Epsilon));
    }

    [Fact]
    public async Task The_privacy_budget_is_never_overspent_by_concurrent_jobs()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => _executor.ExecuteAsync(Job($"j-{i}"), default)));

        Assert.Equal(4, results.Count(r => r.Status == ExecutionStatus.Released));
        Assert.All(results.Where(r => r.Status != ExecutionStatus.Released), r =>
        {
            Assert.Equal(ExecutionStatus.Denied, r.Status);
            Assert.Contains("privacy budget", r.Reason, StringComparison.Ordinal);
        });
        Assert.Equal(2.0m, (await _ledger.GetAsync("a-1", default)).Epsilon);
        Assert.Equal(2, Entries().Count(e => e.Action == "policy.decision" && e.Decision == "deny"));
    }

    [Fact]
    public async Task A_denied_job_reads_nothing_and_the_denial_is_logged()
    {
        var data = new CountingSource(DataSources.Open(_csv));
        var result = await _executor.ExecuteAsync(Job("j-d", Policy("[\"region\", \"income\"]"), data), default);

        Assert.Equal(ExecutionStatus.Denied, result.Status);
        Assert.Equal(0, data.Reads);
        Assert.Equal(["policy.decision"], Entries().Select(e => e.Action));
        Assert.Equal("deny", Entries()[0].Decision);
        Assert.Equal(0, (await _ledger.GetAsync("a-1", default)).Uses);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(3, 1)]
    public async Task When_an_append_fails_nothing_further_happens_and_the_reservations_return(int failingAppend, int readsBefore)
    {
        var failing = new FailingLog(_log, failingAppend);
        var executor = new JobExecutor(_sandbox, failing, _checkpointer, _connector, _ledger, TimeProvider.System);
        var data = new CountingSource(DataSources.Open(_csv));

        await Assert.ThrowsAsync<IOException>(() => executor.ExecuteAsync(Job("j-f", data: data), default));

        Assert.Equal(readsBefore, data.Reads);
        Assert.Equal(failingAppend - 1, _log.Head.Size);
        Assert.DoesNotContain(Entries(), e => e.Action == ResultReceipts.ReleaseAction);
        var usage = await _ledger.GetAsync("a-1", default);
        Assert.Equal((0L, 0m), (usage.Uses, usage.Epsilon));
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

using System.Globalization;
using System.Text;
using System.Text.Json;
using DataSpace.Connector.Audit;
using DataSpace.Connector.Data;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Jobs;
using DataSpace.Connector.Model;
using DataSpace.Connector.Privacy;
using DataSpace.Connector.Storage.Sql;
using DataSpace.Connector.Tests.Storage;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using DataSpace.Policy.JsonLd;
using DataSpace.Policy.State;
using DataSpace.Sandbox.Data;
using DataSpace.Sandbox.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataSpace.Connector.Tests.Jobs;

/// <summary>
/// The job lifecycle and executor on real parts: a transparency log in a temporary directory, the store on SQLite or
/// PostgreSQL, the Wasmtime sandbox and the ledger on the store's database, with an operator's agreement on a 400-row tax dataset.
/// </summary>
internal sealed class LifecycleHarness : IAsyncDisposable
{
    public const string Origin = "connector.test/log";
    public const string Dataset = "urn:dataset:tax";
    public const string OperatorId = "urn:party:operator";

    private readonly string _directory = Directory.CreateTempSubdirectory("dsc-lifecycle-").FullName;
    private readonly TestDatabase _database;
    private readonly ITransparencyLog _fileLog;

    private LifecycleHarness(string engine, Func<ITransparencyLog, ITransparencyLog>? wrapLog, TimeProvider? time, TimeSpan publishGrid)
    {
        Time = time ?? TimeProvider.System;
        var dataDirectory = Directory.CreateDirectory(Path.Combine(_directory, "connector")).FullName;
        DatasetSources = DatasetSources.Create([_directory], dataDirectory, Path.Combine(dataDirectory, "keys", "gateway.secret"), null);
        _database = engine == "Postgres" ? new PostgresTestDatabase() : new SqliteTestDatabase();
        Store = _database.OpenStore();
        Ledger = _database.OpenLedger();
        _fileLog = TransparencyLog.Open(new LogOptions { Directory = Path.Combine(_directory, "log") });
        Log = wrapLog?.Invoke(_fileLog) ?? _fileLog;
        Checkpointer = new Checkpointer(_fileLog, ConnectorKey, Origin, null, TimeSpan.FromHours(1), TimeProvider.System);
        var identity = new ConnectorIdentity("urn:connector:tax", "Tax", "ed25519", ConnectorKey.PublicKey.KeyId, ConnectorKey.PublicKey.ExportPem(), Origin, "test");
        var replica = new ConnectorReplica("urn:connector:tax@test");
        Audit = new AuditTrail(Log, Store, replica, Time, NullLogger<AuditTrail>.Instance);
        Lifecycle = new JobLifecycle(Store, Audit, ConnectorKey, identity, replica, new JobRunnerSignal(), Time, NullLogger<JobLifecycle>.Instance);
        Delivery = new JobDelivery(_fileLog, Checkpointer, ConnectorKey, Time);
        Grid = new JobPublishGrid(publishGrid, Time);
        Executor = new JobExecutor(Sandbox, Audit, Lifecycle, Delivery, Ledger,
            new BudgetAccounts(Ledger, Store, Audit, Microsoft.Extensions.Options.Options.Create(new ConnectorOptions())), Time, Grid,
            new DataSpace.Connector.Plans.OverlapControl(Store));
    }

    /// <summary>The dataset's rows.</summary>
    public const long Rows = 400;

    /// <summary>The clock of the log, the lifecycle and the executor (the system's unless a test gives its own).</summary>
    public TimeProvider Time { get; }

    /// <summary>The grid job ends are published on: none unless a test asks for one (the connector's default is 10 s).</summary>
    public JobPublishGrid Grid { get; }

    public SigningKey ConnectorKey { get; } = SignatureSuites.Ed25519.GenerateKey();

    public SigningKey DataUserKey { get; } = SignatureSuites.P256.GenerateKey();

    public SandboxHost Sandbox { get; } = new(new SandboxOptions());

    /// <summary>Where jobs read datasets from: the harness's directory is the one data root.</summary>
    public DatasetSources DatasetSources { get; }

    /// <summary>The ledger on the store's database: a budget debit seals its reservations in the store's transaction.</summary>
    public IUsageLedger Ledger { get; }

    public SqlConnectorStore Store { get; }

    /// <summary>The log the lifecycle writes to (possibly one that fails on purpose); its entries are read from the file log.</summary>
    public ITransparencyLog Log { get; }

    public Checkpointer Checkpointer { get; }

    public AuditTrail Audit { get; }

    public JobLifecycle Lifecycle { get; }

    public JobDelivery Delivery { get; }

    public JobExecutor Executor { get; }

    public Agreement Agreement { get; private set; } = null!;

    public string CsvPath => Path.Combine(_directory, "tax.csv");

    public static byte[] GroupedStats => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", "jobs", "grouped-stats", "grouped-stats.wasm"));

    public static async Task<LifecycleHarness> StartAsync(
        string engine = "Sqlite", Func<ITransparencyLog, ITransparencyLog>? wrapLog = null, TimeProvider? time = null, TimeSpan? publishGrid = null)
    {
        var harness = new LifecycleHarness(engine, wrapLog, time, publishGrid ?? TimeSpan.Zero);
        await harness.SeedAsync();
        return harness;
    }

    private async Task SeedAsync()
    {
        var csv = new StringBuilder("region,income,tax\n");
        for (var i = 0; i < Rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{11 + (i % 4)},{1000 + i}.25,{100 + (i % 7)}.5\n");
        }

        await File.WriteAllTextAsync(CsvPath, csv.ToString());
        await Store.AddPartyAsync(StoreSamples.Party("urn:party:tax-bureau", PartyRole.Supplier), CancellationToken.None);
        await Store.AddPartyAsync(StoreSamples.Party(OperatorId), CancellationToken.None);
        await Store.AddDatasetAsync(StoreSamples.Dataset(Dataset) with { Format = DatasetFormat.Csv, Location = CsvPath, ClassificationLevel = 2, RowCount = Rows }, CancellationToken.None);
        await Store.AddOfferAsync(StoreSamples.Offer("urn:offer:tax", Dataset), CancellationToken.None);
        Agreement = StoreSamples.Agreement("a-1", "urn:offer:tax", Dataset, OperatorId) with
        {
            Purpose = "official-statistics",
            PolicyJson = AgreementPolicy(),
            ValidFrom = DateTimeOffset.UtcNow.AddDays(-1),
            ValidUntil = DateTimeOffset.UtcNow.AddDays(30),
        };
        await Store.AddAgreementAsync(Agreement, CancellationToken.None);
    }

    /// <summary>
    /// The harness's agreement: aggregates of <paramref name="columns"/>, groups of at least 5; with <paramref name="noise"/>,
    /// also <c>dsc:epsilon lteq 2</c>, under which a module job is refused at run time (docs/module-review.md).
    /// </summary>
    public static string AgreementPolicy(string columns = "[\"region\", \"income\", \"tax\"]", bool noise = false) => $$"""
        {
          "@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}],
          "@type": "Agreement", "uid": "urn:agreement:a-1",
          "assigner": "urn:party:tax-bureau", "assignee": "{{OperatorId}}", "target": "{{Dataset}}",
          "permission": [{
            "action": "dsc:computeAggregate",
            "constraint": [
              {"leftOperand": "purpose", "operator": "eq", "rightOperand": "official-statistics"},
              {"leftOperand": "dsc:groupSize", "operator": "gteq", "rightOperand": 5},{{(noise ? """ {"leftOperand": "dsc:epsilon", "operator": "lteq", "rightOperand": 2},""" : "")}}
              {"leftOperand": "dsc:column", "operator": "isPartOf", "rightOperand": {{columns}}}
            ]
          }]
        }
        """;

    public string ManifestJson() => JsonSerializer.Serialize(new
    {
        agreement = "a-1",
        dataset = Dataset,
        columns = new[] { "region", "income", "tax" },
        output = "aggregate",
        recipient = DataUserKey.PublicKey.ExportPem(),
        measures = new object[] { new { name = "income", lower = 0, upper = 1e6 }, new { name = "tax", lower = 0, upper = 5e5 } },
        groupKeyColumn = "region",
        epsilon = 0.5,
    });

    /// <summary>The source every harness job is submitted with (a supplier approves a module only with its source).</summary>
    public static ModuleSource Source { get; } = ModuleSource.TryCreate("/* the module's source (not rebuilt here) */\n", out _)!;

    /// <summary>Submits a new job (Submitted) through the lifecycle, with the grouped-stats module unless another is given.</summary>
    public async Task<Job> SubmitAsync(string id, bool preApproved = false, byte[]? module = null, string? manifestJson = null)
    {
        module ??= GroupedStats;
        var job = new Job
        {
            Id = id,
            AgreementId = Agreement.Id,
            OperatorId = OperatorId,
            DataUserId = "urn:party:bank",
            DataUserPublicKeyPem = DataUserKey.PublicKey.ExportPem(),
            ModuleDigest = Sandbox.LoadModule(module).Digest,
            ManifestJson = manifestJson ?? ManifestJson(),
            State = preApproved ? JobState.Approved : JobState.Submitted,
            SubmittedAt = DateTimeOffset.UtcNow,
            SourceDigest = Source.Digest,
        };
        Assert.True(await Lifecycle.SubmitAsync(job, module, Source, new Dictionary<string, string> { ["module"] = job.ModuleDigest }, CancellationToken.None));
        return job;
    }

    /// <summary>The execution of a started job under the harness's agreement (policy as given, data opened).</summary>
    public JobExecution Execution(Job job, string? policyJson = null, IDataSource? data = null, byte[]? module = null) => new()
    {
        Job = job,
        Agreement = Agreement,
        Policy = PolicyParser.Parse(policyJson ?? AgreementPolicy()).Policy!,
        Manifest = JobManifest.Parse(Encoding.UTF8.GetBytes(job.ManifestJson)),
        Module = Sandbox.LoadModule(module ?? GroupedStats),
        Data = data ?? DataSources.Open(CsvPath),
        DatasetDigest = "sha256:" + new string('d', 64),
        ClassificationLevel = 2,
        DatasetRows = Rows,
    };

    /// <summary>Every entry in the log, in order.</summary>
    public List<LogEntry> Entries()
    {
        var entries = new List<LogEntry>();
        for (long i = 0; i < _fileLog.Head.Size; i++)
        {
            var leaf = _fileLog.ReadLeaf(i);
            Assert.True(LogLeaf.TryParse(leaf, out var parts, out _));
            entries.Add(LogEntry.Parse(leaf.AsSpan()[parts.Entry]));
        }

        return entries;
    }

    public async ValueTask DisposeAsync()
    {
        await Checkpointer.DisposeAsync();
        await _fileLog.DisposeAsync();
        await _database.DisposeAsync();
        Sandbox.Dispose();
        ConnectorKey.Dispose();
        DataUserKey.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}

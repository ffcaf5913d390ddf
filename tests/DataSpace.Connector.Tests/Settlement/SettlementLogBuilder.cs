using System.Globalization;
using System.Text.Json.Nodes;
using DataSpace.Connector.Settlement;
using DataSpace.Crypto.Audit;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using DataSpace.Policy.Pricing;

namespace DataSpace.Connector.Tests.Settlement;

/// <summary>
/// A real signed log holding what settlement reads (an agreement's <c>agreement.create</c> entry, metered run-ending
/// entries at chosen times, <c>settlement.close</c> entries written as the connector writes them), and its export.
/// </summary>
internal sealed class SettlementLogBuilder : IAsyncDisposable
{
    public const string Origin = "settlement.test/log";

    /// <summary>20.00 CNY a run, 1.00 CNY per 10,000 rows below 1,000,000 rows a month and 0.50 above.</summary>
    public const string Policy = """
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Agreement",
         "uid": "urn:agreement:agr-1", "assigner": "urn:party:supplier", "assignee": "urn:party:operator", "target": "tax",
         "permission": [{"action": "dsc:computeAggregate", "duty": [
          {"action": "compensate", "constraint": [
            {"leftOperand": "payAmount", "operator": "eq", "rightOperand": {"@value": "20.00", "@type": "xsd:decimal"}, "unit": "dsc:CNY"},
            {"leftOperand": "dsc:priceBasis", "operator": "eq", "rightOperand": {"@id": "dsc:perRun"}}]},
          {"action": "compensate", "constraint": [
            {"leftOperand": "payAmount", "operator": "eq", "rightOperand": {"@value": "1.00", "@type": "xsd:decimal"}, "unit": "dsc:CNY"},
            {"leftOperand": "dsc:priceBasis", "operator": "eq", "rightOperand": {"@id": "dsc:perTenThousandRows"}},
            {"leftOperand": "dsc:cumulativeUsage", "operator": "lt", "rightOperand": 1000000}]},
          {"action": "compensate", "constraint": [
            {"leftOperand": "payAmount", "operator": "eq", "rightOperand": {"@value": "0.50", "@type": "xsd:decimal"}, "unit": "dsc:CNY"},
            {"leftOperand": "dsc:priceBasis", "operator": "eq", "rightOperand": {"@id": "dsc:perTenThousandRows"}},
            {"leftOperand": "dsc:cumulativeUsage", "operator": "gteq", "rightOperand": 1000000}]}]}]}
        """;

    private readonly string _directory;
    private readonly Dictionary<string, AgreementPricing> _agreements = new(StringComparer.Ordinal);

    private SettlementLogBuilder(string directory, SigningKey key, ITransparencyLog log)
    {
        _directory = directory;
        Key = key;
        Log = log;
    }

    public SigningKey Key { get; }

    public ITransparencyLog Log { get; }

    public ShareSchedule Shares { get; set; } = ShareSchedule.Default;

    public static SettlementLogBuilder Create()
    {
        var directory = Directory.CreateTempSubdirectory("settlement-log-").FullName;
        var key = SignatureSuites.Ed25519.GenerateKey();
        var log = TransparencyLog.Open(new LogOptions { Directory = Path.Combine(directory, "log"), Digest = key.Suite.Digest, MaxEntryBytes = 1 << 20 });
        return new SettlementLogBuilder(directory, key, log);
    }

    /// <summary>Signs the agreement statement as the connector does and logs its <c>agreement.create</c> entry.</summary>
    public async Task<AgreementPricing> AgreeAsync(string id, DateTimeOffset at, string purpose = "statistics")
    {
        var policy = Policy.Replace("agr-1", id, StringComparison.Ordinal);
        var statement = SignedStatement.Sign(AgreementPricing.AgreementType, new JsonObject
        {
            ["agreement"] = id,
            ["offer"] = "offer-1",
            ["dataset"] = "tax",
            ["operator"] = "urn:party:operator",
            ["purpose"] = purpose,
            ["policy"] = Sha256Digest.Of(policy),
        }, Key);
        await Log.AppendAsync(Entry(at, "agreement.create", "agreement/" + id, "permit",
            new Dictionary<string, string> { ["operation"] = Guid.NewGuid().ToString("N") },
            new Dictionary<string, string> { ["agreement"] = Sha256Digest.Of(statement.ToCanonicalJson()) }));
        var pricing = AgreementPricing.TryRead(statement, policy, Key.PublicKey, out var error) ?? throw new InvalidOperationException(error);
        _agreements[id] = pricing;
        return pricing;
    }

    /// <summary>Logs the end of a run as the connector does: a run-ending entry with the published meter.</summary>
    public ValueTask<long> RunAsync(string agreementId, string job, DateTimeOffset at, long rows, bool billable = true, string action = "result.release") =>
        Log.AppendAsync(Entry(at, action, "job/" + job, action == "result.release" ? "permit" : "deny",
            new Dictionary<string, string>
            {
                ["agreement"] = agreementId,
                ["operation"] = Guid.NewGuid().ToString("N"),
                ["meter"] = new MeterRecord
                {
                    Outcome = action == "result.release" ? MeterOutcome.Released : MeterOutcome.Failed,
                    Billable = billable,
                    RowsRead = rows,
                    ColumnsRead = 3,
                }.ToJson(),
            }));

    /// <summary>The drafts closing <paramref name="period"/> would sign now.</summary>
    public IReadOnlyList<SettlementDraft> Drafts(string period)
    {
        Assert.True(SettlementPeriod.TryParse(period, out var parsed));
        return SettlementClosing.Drafts(Log, parsed, [.. _agreements.Values], Shares);
    }

    /// <summary>The statements closing <paramref name="period"/> would sign now, without logging them.</summary>
    public IReadOnlyList<SignedStatement> Unlogged(string period)
    {
        Assert.True(SettlementPeriod.TryParse(period, out var parsed));
        return [.. SettlementClosing.Drafts(Log, parsed, [.. _agreements.Values], Shares).Select(d => SettlementStatements.Create(SettlementBody.From(d), Key))];
    }

    /// <summary>Closes <paramref name="period"/> as the connector does; returns the statements in agreement order.</summary>
    public async Task<IReadOnlyList<SignedStatement>> CloseAsync(string period, DateTimeOffset at)
    {
        Assert.True(SettlementPeriod.TryParse(period, out var parsed));
        var statements = new List<SignedStatement>();
        foreach (var draft in SettlementClosing.Drafts(Log, parsed, [.. _agreements.Values], Shares))
        {
            var statement = SettlementStatements.Create(SettlementBody.From(draft), Key);
            var details = SettlementBody.CloseDetails(draft);
            details["operation"] = Guid.NewGuid().ToString("N");
            await Log.AppendAsync(Entry(at, SettlementStatements.CloseAction, $"settlement/{period}/{draft.Agreement.AgreementId}", "permit",
                details, new Dictionary<string, string> { [SettlementStatements.StatementDigest] = SettlementStatements.DigestOf(statement) }));
            statements.Add(statement);
        }

        return statements;
    }

    /// <summary>Exports the whole log with a signed checkpoint; returns the folder.</summary>
    public async Task<string> ExportAsync(string name = "export")
    {
        await using var checkpointer = new Checkpointer(Log, Key, Origin, null, TimeSpan.FromHours(1), TimeProvider.System);
        var signed = checkpointer.SignNow();
        var folder = Path.Combine(_directory, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        LogExport.Write(Log, signed.Checkpoint, signed.Note, folder);
        return folder;
    }

    public IReadOnlyList<SettlementVerification> Verify(string export, params SignedStatement[] statements) =>
        SettlementVerifier.Verify(statements, export, Key.PublicKey, Origin);

    /// <summary>The statement with <paramref name="edit"/> applied to its body, signed again by the connector's key: a connector that lies.</summary>
    public SignedStatement Forge(SignedStatement statement, Action<JsonObject> edit)
    {
        var body = (JsonObject)statement.Body.DeepClone();
        edit(body);
        return SettlementStatements.Create(body, Key);
    }

    public static DateTimeOffset At(string local) => DateTimeOffset.Parse(local, CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await Log.DisposeAsync();
        Key.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static LogEntry Entry(DateTimeOffset at, string action, string resource, string decision, IReadOnlyDictionary<string, string>? details, IReadOnlyDictionary<string, string>? digests = null) => new()
    {
        When = at.ToUniversalTime(),
        Actor = "urn:party:supplier",
        Action = action,
        Resource = resource,
        Decision = decision,
        Details = details,
        Digests = digests,
    };
}

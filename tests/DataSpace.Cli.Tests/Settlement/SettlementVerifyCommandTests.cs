using System.Text;
using System.Text.Json.Nodes;
using DataSpace.Cli.Tests.Support;
using DataSpace.Connector.Settlement;
using DataSpace.Crypto.Audit;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using DataSpace.Policy.Pricing;

namespace DataSpace.Cli.Tests.Settlement;

/// <summary>
/// <c>dsc settlement verify</c>'s exit codes (docs/cli.md): 0 for a statement the log export gives, 1 with the reason
/// for a tampered amount, the input-error code naming the file for one that is not a statement.
/// </summary>
public sealed class SettlementVerifyCommandTests : IAsyncLifetime
{
    private const string Origin = "cli-tests.example/log";
    private readonly string _directory = Directory.CreateTempSubdirectory("dsc-settlement-tests-").FullName;
    private readonly SigningKey _key = SignatureSuites.Ed25519.GenerateKey();
    private string _statement = null!;
    private string _tampered = null!;

    private string Export => Path.Combine(_directory, "export");

    private string PublicKey => Path.Combine(_directory, "connector.key.pub");

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(PublicKey, _key.PublicKey.ExportPem());
        await using var log = TransparencyLog.Open(new LogOptions { Directory = Path.Combine(_directory, "log"), Digest = _key.Suite.Digest });
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, PricingCalendar.Offset);
        var pricing = await AgreeAsync(log, _key, start.AddDays(-10));
        for (var i = 0; i < 3; i++)
        {
            await log.AppendAsync(Entry(start.AddDays(i + 1), "result.release", $"job/job-{i}", new Dictionary<string, string>
            {
                ["agreement"] = "agr-1",
                ["operation"] = Guid.NewGuid().ToString("N"),
                ["meter"] = new MeterRecord { Outcome = MeterOutcome.Released, Billable = true, RowsRead = 20_000, ColumnsRead = 3 }.ToJson(),
            }));
        }

        var ledger = new SettlementLedger(new SettlementPeriod(2026, 11), [pricing], ShareSchedule.Default, log.Head.Size);
        ledger.AddAll(onEntry =>
        {
            for (var i = 0L; i < log.Head.Size; i++)
            {
                var leaf = log.ReadLeaf(i);
                Assert.True(LogLeaf.TryParse(leaf, out var parts, out var error), error);
                onEntry(i, leaf.AsMemory()[parts.Entry]);
            }
        });
        var draft = Assert.Single(ledger.Drafts());
        var statement = SettlementStatements.Sign(SettlementBody.Canonical(draft), _key);
        var details = SettlementBody.CloseDetails(draft);
        details["operation"] = Guid.NewGuid().ToString("N");
        await log.AppendAsync(Entry(start.AddMonths(1).AddMinutes(2), SettlementStatements.CloseAction, "settlement/2026-11/agr-1", details,
            new Dictionary<string, string> { [SettlementStatements.StatementDigest] = SettlementStatements.DigestOf(statement) }));
        await using (var checkpointer = new Checkpointer(log, _key, Origin, null, TimeSpan.FromHours(1), TimeProvider.System))
        {
            var note = checkpointer.SignNow();
            LogExport.Write(log, note.Checkpoint, note.Note, Export);
        }

        _statement = Path.Combine(_directory, "statement.json");
        await File.WriteAllBytesAsync(_statement, statement);
        var body = SettlementStatements.Parse(statement).Body;
        body["chargedFen"] = body["chargedFen"]!.GetValue<long>() - 100;
        _tampered = Path.Combine(_directory, "tampered.json");
        await File.WriteAllBytesAsync(_tampered, SettlementStatements.Create(body, _key).ToCanonicalJson());
    }

    public Task DisposeAsync()
    {
        _key.Dispose();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Verify_StatementTheLogGives_ExitsZero()
    {
        var result = await Dsc.RunAsync("settlement", "verify", _statement, "--export", Export, "--key", PublicKey, "--origin", Origin);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Output + result.Error);
        Assert.StartsWith("OK: 2026-11 of agreement agr-1 is what the log gives", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TamperedAmount_ExitsOneWithTheReason()
    {
        var result = await Dsc.RunAsync("settlement", "verify", _tampered, "--export", Export, "--key", PublicKey, "--origin", Origin);

        Assert.Equal(ExitCodes.VerificationFailed, result.ExitCode);
        Assert.Contains("FAILED: 2026-11 of agreement agr-1: 'chargedFen' is ", result.Error, StringComparison.Ordinal);
        Assert.Contains("in the statement; the log gives ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_MalformedFile_IsAnInputErrorNamingTheFile()
    {
        var malformed = Path.Combine(_directory, "malformed.json");
        await File.WriteAllTextAsync(malformed, "{\"body\": [1, 2", Encoding.UTF8);

        var result = await Dsc.RunAsync("settlement", "verify", malformed, "--export", Export, "--key", PublicKey, "--origin", Origin);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("malformed.json: statement is not valid JSON", result.Error, StringComparison.Ordinal);
    }

    private static async Task<AgreementPricing> AgreeAsync(ITransparencyLog log, SigningKey key, DateTimeOffset at)
    {
        const string policy = """
            {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Agreement",
             "uid": "urn:agreement:agr-1", "assigner": "urn:party:supplier", "assignee": "urn:party:operator", "target": "tax",
             "permission": [{"action": "dsc:computeAggregate", "duty": [
              {"action": "compensate", "constraint": [
                {"leftOperand": "payAmount", "operator": "eq", "rightOperand": {"@value": "20.00", "@type": "xsd:decimal"}, "unit": "dsc:CNY"},
                {"leftOperand": "dsc:priceBasis", "operator": "eq", "rightOperand": {"@id": "dsc:perRun"}}]}]}]}
            """;
        var statement = SignedStatement.Sign(AgreementPricing.AgreementType, new JsonObject
        {
            ["agreement"] = "agr-1",
            ["purpose"] = "statistics",
            ["policy"] = Digest(Encoding.UTF8.GetBytes(policy)),
        }, key);
        await log.AppendAsync(Entry(at, "agreement.create", "agreement/agr-1", new Dictionary<string, string> { ["operation"] = Guid.NewGuid().ToString("N") },
            new Dictionary<string, string> { ["agreement"] = Digest(statement.ToCanonicalJson()) }));
        return AgreementPricing.TryRead(statement, policy, key.PublicKey, out var error) ?? throw new InvalidOperationException(error);
    }

    private static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    private static LogEntry Entry(DateTimeOffset at, string action, string resource, IReadOnlyDictionary<string, string> details, IReadOnlyDictionary<string, string>? digests = null) => new()
    {
        When = at.ToUniversalTime(),
        Actor = "urn:party:operator",
        Action = action,
        Resource = resource,
        Decision = "permit",
        Details = details,
        Digests = digests,
    };
}

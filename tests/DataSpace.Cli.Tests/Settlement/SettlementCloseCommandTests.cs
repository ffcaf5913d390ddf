using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Cli.Tests.Support;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Http;
using DataSpace.Connector.Settlement;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using DataSpace.Policy.Pricing;
using Microsoft.Extensions.DependencyInjection;

namespace DataSpace.Cli.Tests.Settlement;

/// <summary>
/// <c>dsc settlement close|get</c> and <c>dsc audit verify --keep</c> against a real connector whose month of runs has
/// ended (docs/cli.md, docs/metering.md): the connector's clock stands in last month while the priced job is agreed,
/// run and released (through in-process signed clients sharing that clock), then returns to the present, and every
/// step after that is a <c>dsc</c> verb, signed with the real time.
/// </summary>
public sealed class SettlementCloseCommandTests : IAsyncLifetime
{
    private const string Agreement = "credit-2025-01";
    private readonly string _directory = Directory.CreateTempSubdirectory("dsc-settlement-close-").FullName;
    private readonly ShiftedClock _clock = new();
    private ConnectorApp _app = null!;
    private SettlementPeriod _period;
    private string _job = "";

    private string Url => _app.Addresses[0].ToString();

    private string SupplierKey => _app.DataDirectory.KeyFile;

    private string OperatorKey => Path.Combine(_directory, "operator.key");

    private string AuditorKey => Path.Combine(_directory, "auditor.key");

    private string ConnectorPublicKey => Path.Combine(_directory, "connector.pub");

    public async Task InitializeAsync()
    {
        // Noon on the 15th of last month (UTC+8): the run's month has ended by the time the verbs below run.
        var now = DateTimeOffset.UtcNow.ToOffset(PricingCalendar.Offset);
        var past = new DateTimeOffset(now.Year, now.Month, 15, 12, 0, 0, PricingCalendar.Offset).AddMonths(-1);
        _period = SettlementPeriod.Of(past);
        _clock.Offset = past - TimeProvider.System.GetUtcNow();
        _app = ConnectorHost.Build(
        [
            $"--Connector:DataDirectory={Path.Combine(_directory, "connector")}",
            "--Connector:Urls=http://127.0.0.1:0",
            "--Connector:Logging:Console=None",
            "--Connector:Jobs:PublishGrid=00:00:00",
        ], new ConnectorHostHooks { ConfigureBuilder = builder => builder.Services.AddSingleton<TimeProvider>(_clock) });
        var taxFile = Path.Combine(_app.DataDirectory.DatasetsDirectory, "enterprise-tax-2025.csv");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Samples", "data", "enterprise-tax-2025.csv"), taxFile);
        await _app.StartAsync();
        await File.WriteAllTextAsync(ConnectorPublicKey, _app.Identity.PublicKeyPem);

        using var supplierKey = KeyFiles.LoadSigningKey(SupplierKey);
        using var operatorKey = NewKey(OperatorKey, SignatureSuites.Sm2);
        using var dataUserKey = NewKey(Path.Combine(_directory, "data-user.key"), SignatureSuites.P256);
        using var auditorKey = NewKey(AuditorKey, SignatureSuites.Ed25519);
        using var supplier = Client(supplierKey);
        using var operatorClient = Client(operatorKey);
        foreach (var (id, role, key) in new[] { ("urn:party:credit-bureau", "Operator", operatorKey), ("urn:party:city-bank", "DataUser", dataUserKey), ("urn:party:audit-office", "Auditor", auditorKey) })
        {
            await PostAsync(supplier, "/api/v1/parties", new { id, name = id, role, publicKeys = new[] { key.PublicKey.ExportPem() } });
        }

        await PostAsync(supplier, "/api/v1/datasets", new
        {
            id = "enterprise-tax-2025", name = "Enterprise tax records 2025", location = taxFile, classificationLevel = 2,
            columns = new Dictionary<string, string> { ["enterprise_id"] = "identifying" },
        });
        await PostAsync(supplier, "/api/v1/offers", new { id = "tax-statistics", dataset = "enterprise-tax-2025", policy = Sample("offer-policy.json") });
        var request = SignedStatement.Sign("dataspace/agreement-request/v1", new JsonObject
        {
            ["agreement"] = Agreement,
            ["offer"] = "tax-statistics",
            ["purpose"] = "small-business-credit-statistics",
            ["validUntil"] = past.AddDays(120).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        }, operatorKey);
        await PostAsync(operatorClient, "/api/v1/agreements", new { statement = JsonNode.Parse(request.ToString()) });
        var manifest = new JsonObject { ["agreement"] = Agreement, ["dataset"] = "enterprise-tax-2025", ["recipient"] = dataUserKey.PublicKey.ExportPem(), ["epsilon"] = 1.0 };
        _job = (await PostAsync(operatorClient, "/api/v1/jobs", new { manifest, plan = Sample("plan.json") })).GetProperty("id").GetString()!;
        await PostAsync(supplier, $"/api/v1/jobs/{_job}/approve", null);
        for (var attempt = 0; ; attempt++)
        {
            var state = (await operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/jobs/" + _job)).GetProperty("state").GetString();
            if (state == "Released")
            {
                break;
            }

            Assert.True(attempt < 1500 && state is not ("Refused" or "Failed"), $"job {_job} ended {state}");
            await Task.Delay(20);
        }

        // Back to the present: the run's month has ended, and dsc signs with the real time from here on.
        _clock.Offset = TimeSpan.Zero;
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Close_EndedMonth_SignsAStatementThatTheAuditorFetchesAndVerifiesOfflineAndASecondCloseIsRefused()
    {
        var period = _period.ToString();

        var operatorClose = await As(OperatorKey, "settlement", "close", "--period", period);
        var close = await As(SupplierKey, "settlement", "close", "--period", period);
        var again = await As(SupplierKey, "settlement", "close", "--period", period);
        var statement = Path.Combine(_directory, "statement.json");
        var get = await As(AuditorKey, "settlement", "get", period, Agreement, "--out", statement);
        var export = Path.Combine(_directory, "export");
        var download = await Dsc.RunAsync("audit", "verify", Url, "--key", ConnectorPublicKey, "--as", AuditorKey, "--keep", export);
        var verify = await Dsc.RunAsync("settlement", "verify", statement, "--export", export, "--key", ConnectorPublicKey);

        Assert.Equal(ExitCodes.InputError, operatorClose.ExitCode);
        Assert.True(close.ExitCode == ExitCodes.Ok, close.Output + close.Error);
        Assert.Contains($"closed {period}: 1 statement(s)", close.Output, StringComparison.Ordinal);
        Assert.Contains(Agreement, close.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InputError, again.ExitCode);
        Assert.Contains("a closed period cannot change", again.Error, StringComparison.Ordinal);
        Assert.True(get.ExitCode == ExitCodes.Ok, get.Output + get.Error);
        Assert.True(download.ExitCode == ExitCodes.Ok, download.Output + download.Error);
        Assert.True(File.Exists(Path.Combine(export, "entries.jsonl")), "--keep did not keep the export");
        Assert.True(verify.ExitCode == ExitCodes.Ok, verify.Output + verify.Error);
        Assert.Contains($"OK: {period} of agreement {Agreement} is what the log gives", verify.Output, StringComparison.Ordinal);
        var run = Assert.Single(SettlementStatements.Parse(await File.ReadAllBytesAsync(statement)).Body["runs"]!.AsArray());
        Assert.Equal(_job, run!["job"]!.GetValue<string>());
    }

    [Fact]
    public async Task Close_CurrentMonth_IsRefusedNamingWhenItMayClose()
    {
        var current = SettlementPeriod.Of(DateTimeOffset.UtcNow);

        var result = await As(SupplierKey, "settlement", "close", "--period", current.ToString());

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains($"period {current} is not over", result.Error, StringComparison.Ordinal);
        Assert.Contains("close it from ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerifyKeep_WithoutAUrlOrIntoAFullFolder_IsRefusedAndWritesNothing()
    {
        var full = Directory.CreateDirectory(Path.Combine(_directory, "full")).FullName;
        await File.WriteAllTextAsync(Path.Combine(full, "mine.txt"), "mine");

        var folder = await Dsc.RunAsync("audit", "verify", full, "--key", ConnectorPublicKey, "--keep", Path.Combine(_directory, "kept"));
        var occupied = await Dsc.RunAsync("audit", "verify", Url, "--key", ConnectorPublicKey, "--as", AuditorKey, "--keep", full);

        Assert.Equal(ExitCodes.Usage, folder.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(_directory, "kept")));
        Assert.Equal(ExitCodes.InputError, occupied.ExitCode);
        Assert.Contains("not empty", occupied.Error, StringComparison.Ordinal);
        Assert.Equal(["mine.txt"], Directory.GetFileSystemEntries(full).Select(Path.GetFileName));
    }

    private Task<CliResult> As(string key, params string[] args) => Dsc.RunAsync([.. args, "--url", Url, "--key", key]);

    private HttpClient Client(SigningKey key) => new(new SigningHandler(key, _clock)) { BaseAddress = _app.Addresses[0] };

    private static SigningKey NewKey(string file, ISignatureSuite suite)
    {
        var key = suite.GenerateKey();
        KeyFiles.SaveSigningKey(key, file);
        File.WriteAllText(file + ".pub", key.PublicKey.ExportPem());
        return key;
    }

    private static JsonNode Sample(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "walkthrough", name)))!;

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object? body)
    {
        using var response = await client.PostAsync(path, body is null ? null : JsonContent.Create(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The system clock moved by <see cref="Offset"/>: the connector's and the in-process clients' "now".</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    }
}

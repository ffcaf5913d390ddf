using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Http;
using DataSpace.Connector.Settlement;
using DataSpace.Crypto.Audit;
using DataSpace.Crypto.Envelope;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using DataSpace.Policy.Pricing;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace DataSpace.Cli.Demo;

/// <summary>
/// The steps of <c>dsc demo</c>: the whole flow of the architecture on one machine, over real HTTP on loopback
/// with signed requests: a supplier's connector with the sample dataset, an operator's agreement and job, the
/// supplier's approval, the sandboxed run, the vetted and sealed result opened by the data user, and the
/// auditor's offline verification, each printed with its outcome.
/// </summary>
internal sealed class DemoRun(IAnsiConsole console, string directory, ISignatureSuite suite)
{
    private const string Purpose = "small-business-credit-statistics";

    private readonly DemoClock _clock = new();
    private string? _statementFile;
    private int _step;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        console.MarkupLine($"[bold]Data directory[/] {Markup.Escape(directory)}");

        var app = ConnectorHost.Build(
        [
            $"--Connector:DataDirectory={Path.Combine(directory, "connector")}",
            "--Connector:Urls=http://127.0.0.1:0",
            "--Connector:Logging:Console=None",
            $"--Connector:SignatureSuite={suite.Name}",
            "--Connector:Name=Tax bureau (demo)",
            // Job ends are published on a 1-second grid rather than the default 10 s, to keep the demo short.
            "--Connector:Jobs:PublishGrid=00:00:01",
        ], new ConnectorHostHooks { ConfigureBuilder = builder => builder.Services.AddSingleton<TimeProvider>(_clock) });
        bool verified, caught, appended, receiptValid, settled = false;
        await using (app)
        {
            // As a supplier would: the sample goes into the connector's default data root, <data dir>/datasets
            // (docs/connector-service.md, "Data roots"), the one place it registers dataset files from.
            var (taxFile, _) = SampleData.Write(app.DataDirectory.DatasetsDirectory);
            await app.StartAsync(cancellationToken);
            var identity = app.Identity;
            var baseAddress = app.Addresses[0];
            Step($"The tax bureau's connector listens on {baseAddress}: {identity.Suite} key {identity.KeyId}, log origin {identity.LogOrigin}");

            using var supplierKey = KeyFiles.LoadSigningKey(app.DataDirectory.KeyFile);
            using var operatorKey = DemoCalls.NewKey(directory, "operator", SignatureSuites.Sm2);
            using var dataUserKey = DemoCalls.NewKey(directory, "data-user", SignatureSuites.P256);
            using var auditorKey = DemoCalls.NewKey(directory, "auditor", SignatureSuites.Ed25519);
            using var supplier = Client(supplierKey, baseAddress);
            using var operatorClient = Client(operatorKey, baseAddress);
            using var dataUser = Client(dataUserKey, baseAddress);
            using var auditor = Client(auditorKey, baseAddress);

            foreach (var (id, name, role, key) in new[]
            {
                ("urn:party:credit-bureau", "Credit bureau (operator)", "Operator", operatorKey),
                ("urn:party:city-bank", "City bank (data user)", "DataUser", dataUserKey),
                ("urn:party:audit-office", "Audit office (auditor)", "Auditor", auditorKey),
            })
            {
                await DemoCalls.Post(supplier, "/api/v1/parties", new { id, name, role, publicKeys = new[] { key.PublicKey.ExportPem() } }, cancellationToken);
            }

            Step("Supplier puts three parties on its trust list: credit bureau (operator, sm2), city bank (data user, p256), audit office (auditor, ed25519); every request from here on is signed (RFC 9421)");

            var dataset = await DemoCalls.Post(supplier, "/api/v1/datasets", new
            {
                id = "enterprise-tax-2025", name = "Enterprise tax records 2025", location = taxFile, classificationLevel = 2,
                columns = new Dictionary<string, string> { ["enterprise_id"] = "identifying" },
            }, cancellationToken);
            Step($"Supplier registers the dataset: {dataset.GetProperty("rowCount").GetInt64():N0} enterprises, {dataset.GetProperty("columns").GetArrayLength()} columns, {dataset.GetProperty("contentDigest").GetString()}; enterprise_id is classed identifying");

            await DemoCalls.Post(supplier, "/api/v1/offers", new { id = "tax-statistics", dataset = "enterprise-tax-2025", policy = Resource<JsonObject>("walkthrough-offer-policy.json") }, cancellationToken);
            Step("Supplier offers it under an ODRL policy: aggregates only, for credit statistics, with differential-privacy noise of at most epsilon 2, groups of at least 10 enterprises, filters on industry only, never raw export");

            var catalog = await DemoCalls.Get(operatorClient, "/api/v1/catalog", cancellationToken);
            Step($"Operator reads the catalogue: {catalog.GetArrayLength()} dataset, described by schema, size and digest; no row, no file path");

            var request = SignedStatement.Sign("dataspace/agreement-request/v1", new JsonObject
            {
                ["agreement"] = "credit-2025-01",
                ["offer"] = "tax-statistics",
                ["purpose"] = Purpose,
                ["validUntil"] = _clock.GetUtcNow().AddDays(180).ToString("O", CultureInfo.InvariantCulture),
            }, operatorKey);
            var agreement = await DemoCalls.Post(operatorClient, "/api/v1/agreements", new { statement = JsonNode.Parse(request.ToString()) }, cancellationToken);
            Step($"Operator signs an agreement request; the connector checks it against the offer and countersigns: agreement credit-2025-01, valid until {agreement.GetProperty("agreement").GetProperty("validUntil").GetDateTimeOffset():yyyy-MM-dd}");

            var manifest = new JsonObject
            {
                ["agreement"] = "credit-2025-01",
                ["dataset"] = "enterprise-tax-2025",
                ["recipient"] = dataUserKey.PublicKey.ExportPem(),
                ["epsilon"] = 1.0,
            };
            var job = await DemoCalls.Post(operatorClient, "/api/v1/jobs", new { manifest, plan = Resource<JsonObject>("walkthrough-plan.json") }, cancellationToken);
            var jobId = job.GetProperty("id").GetString()!;
            Step($"Operator submits an analysis plan (samples/walkthrough/plan.json: four industries, per district and size band, income and tax), spending epsilon 1; the connector checks it against the agreement and names it {jobId}: {job.GetProperty("state").GetString()}");

            await DemoCalls.Post(supplier, $"/api/v1/jobs/{jobId}/approve", null, cancellationToken);
            Step($"Supplier reads the plan and approves its exact digest, {job.GetProperty("moduleDigest").GetString()} (a signed statement binding plan and manifest); the job runner picks it up");

            var finished = await DemoCalls.WaitAsync(operatorClient, jobId, 12, cancellationToken);
            Step($"The connector evaluates the plan itself over the dataset's {finished.GetProperty("rowsProcessed").GetInt64():N0} rows (no job code touches a value), adds noise to every count and sum of every group of the plan's domain and withholds groups whose noisy count is below 10; the end is published on the next point of a 1-second grid from the start (10 s by default): {finished.GetProperty("state").GetString()}");

            if (finished.GetProperty("state").GetString() != "Released")
            {
                console.MarkupLine($"[red]The job did not release a result:[/] {Markup.Escape(finished.GetProperty("reason").GetString() ?? "")}");
                return ExitCodes.VerificationFailed;
            }

            var result = await DemoCalls.Get(dataUser, $"/api/v1/results/{jobId}", cancellationToken);
            var envelope = Convert.FromBase64String(result.GetProperty("envelope").GetString()!);
            var receipt = SignedStatement.Parse(result.GetProperty("receipt").GetRawText());
            var check = ResultReceipts.Verify(receipt, PublicKey.ImportPem(identity.PublicKeyPem), identity.LogOrigin, envelope);
            receiptValid = check.IsValid;
            var plaintext = Envelopes.Open(dataUserKey, jobId, SealedEnvelope.Parse(envelope));
            Step($"Data user fetches the sealed result and checks its receipt offline (signature, log entry {check.Content?.LogIndex}, inclusion proof, checkpoint): {(check.IsValid ? "valid" : "INVALID: " + check.Failure)}; decrypted:");
            PrintPlanResult(plaintext);
            var budget = await DemoCalls.Get(supplier, "/api/v1/budget?dataset=enterprise-tax-2025", cancellationToken);
            var user = budget[0].GetProperty("accounts").EnumerateArray().First(a => a.GetProperty("kind").GetString() == "data-user");
            Step($"The run was charged to the privacy budget before it read anything: the city bank has spent epsilon {user.GetProperty("epsilon").GetDecimal().ToString(CultureInfo.InvariantCulture)} of {user.GetProperty("epsilonLimit").GetDecimal().ToString(CultureInfo.InvariantCulture)} on this dataset, over all its agreements (a new agreement would not reset it)");

            // Settlement (docs/metering.md, "Settlement statement"): the run's price from the log, the month's statement
            // previewed, then (on the demo's clock, moved past the month's end) closed, signed and logged.
            var priced = await DemoCalls.Get(operatorClient, $"/api/v1/jobs/{jobId}", cancellationToken);
            if (priced.TryGetProperty("charge", out var charge) && charge.ValueKind == JsonValueKind.Object)
            {
                Step($"The run is priced from the log under the agreement's price: {charge.GetProperty("exactFen").GetString()} fen exact ({string.Join("; ", charge.GetProperty("lines").EnumerateArray().Select(l => l.GetString()))})");
                var period = charge.GetProperty("period").GetString()!;
                _statementFile = await SettleAsync(supplier, period, cancellationToken);
            }

            verified = await AuditAsync(auditor, identity, "export", cancellationToken);
            Step($"Auditor downloads the signed log and verifies it with only the connector's public key: {(verified ? "valid" : "INVALID")}");

            if (_statementFile is not null)
            {
                var checks = SettlementVerifier.VerifyFiles([_statementFile], Path.Combine(directory, "export"), PublicKey.ImportPem(identity.PublicKeyPem), identity.LogOrigin);
                settled = checks.Count > 0 && checks.All(c => c.IsValid);
                Step($"Auditor recomputes the settlement statement from the log export alone (dsc settlement verify): {string.Join("; ", checks.Select(c => c.IsValid ? $"valid, closed at entry {c.CloseEntry}" : "INVALID: " + c.Failure))}");
            }

            (caught, var why) = Tamper(identity);
            Step($"Someone rewrites the release entry in a copy of the log: {(caught ? "the verifier refuses it and names the entry" : "NOT CAUGHT")}");
            console.WriteLine($"   {why}");

            await DemoCalls.Post(supplier, "/api/v1/agreements/credit-2025-01/revoke", null, cancellationToken);
            appended = await AuditAsync(auditor, identity, "export-2", cancellationToken);
            Step($"Supplier revokes the agreement; the log grows and the auditor's state proves it was only appended to: {(appended ? "valid" : "INVALID")}");

            await File.WriteAllTextAsync(Path.Combine(directory, "connector.key.pub"), identity.PublicKeyPem, cancellationToken);
            await app.StopAsync(cancellationToken);
        }

        console.MarkupLine($"[bold]Done.[/] The data directory stays for you to inspect; verify the audit log again with:");
        console.WriteLine($"  dsc audit verify {Path.Combine(directory, "export-2")} --key {Path.Combine(directory, "connector.key.pub")} --state {Path.Combine(directory, "auditor-state.json")}");
        if (_statementFile is not null)
        {
            console.MarkupLine("and the settlement statement with:");
            console.WriteLine($"  dsc settlement verify {_statementFile} --export {Path.Combine(directory, "export-2")} --key {Path.Combine(directory, "connector.key.pub")}");
        }
        return verified && caught && appended && receiptValid && settled ? ExitCodes.Ok : ExitCodes.VerificationFailed;
    }

    /// <summary>
    /// Previews <paramref name="period"/>'s statement, moves the demo's clock past the period's end, closes the period
    /// (a signed statement per agreement, appended to the log), shows that a second close is refused, and saves the
    /// statement for the auditor's check; returns the statement's file.
    /// </summary>
    private async Task<string?> SettleAsync(HttpClient supplier, string period, CancellationToken cancellationToken)
    {
        var preview = await DemoCalls.Get(supplier, $"/api/v1/settlements/preview?period={period}", cancellationToken);
        foreach (var statement in preview.EnumerateArray())
        {
            Step($"The month's settlement statement, previewed (dsc settlement preview --period {period}): agreement {statement.GetProperty("agreement").GetString()}, {statement.GetProperty("runs").GetInt64()} run(s), charged {Yuan(statement.GetProperty("chargedFen").GetInt64())} CNY, supplier {Yuan(statement.GetProperty("supplierFen").GetInt64())} CNY, operator {Yuan(statement.GetProperty("operatorFen").GetInt64())} CNY");
        }

        if (!SettlementPeriod.TryParse(period, out var parsed))
        {
            throw new InvalidOperationException($"the connector named the period '{period}', which is not yyyy-MM");
        }

        var closable = parsed.ClosableFrom.AddSeconds(1);
        _clock.MoveTo(closable);
        Step($"A period closes only once it has ended: the demo's clock (shared by its connector and clients, nothing else) moves to {closable.ToOffset(PricingCalendar.Offset):yyyy-MM-dd HH:mm:ss} UTC+8, just past the end of {period}");

        var closed = await DemoCalls.Post(supplier, "/api/v1/settlements", new { period }, cancellationToken);
        string? file = null;
        foreach (var summary in closed.GetProperty("statements").EnumerateArray())
        {
            var agreementId = summary.GetProperty("agreement").GetString()!;
            var view = await DemoCalls.Get(supplier, $"/api/v1/settlements/{period}/{agreementId}", cancellationToken);
            file = Path.Combine(directory, $"settlement-{period}-{agreementId}.json");
            await File.WriteAllBytesAsync(file, SettlementStatements.Parse(JsonSerializer.SerializeToUtf8Bytes(view.GetProperty("statement"))).ToCanonicalJson(), cancellationToken);
            Step($"Supplier closes {period} (dsc settlement close --period {period}): agreement {agreementId}'s statement is signed and appended to the log as entry {summary.GetProperty("logIndex").GetInt64()}: {summary.GetProperty("runs").GetInt64()} run(s), charged {Yuan(summary.GetProperty("chargedFen").GetInt64())} CNY, supplier {Yuan(summary.GetProperty("supplierFen").GetInt64())} CNY, operator {Yuan(summary.GetProperty("operatorFen").GetInt64())} CNY; saved as {Path.GetFileName(file)}");
        }

        using var again = await supplier.PostAsync("/api/v1/settlements", JsonContent.Create(new { period }), cancellationToken);
        var refusal = JsonDocument.Parse(await again.Content.ReadAsStringAsync(cancellationToken)).RootElement;
        Step($"Closing {period} again is refused ({(int)again.StatusCode}): {(refusal.TryGetProperty("detail", out var detail) ? detail.GetString() : "")}");
        return again.StatusCode == System.Net.HttpStatusCode.Conflict ? file : null;
    }

    private static string Yuan(long fen) => new Fen(fen).ToYuanString();

    private void Step(string text) => console.MarkupLine($"[green]{++_step}.[/] {Markup.Escape(text)}");

    private HttpClient Client(SigningKey key, Uri baseAddress) => new(new SigningHandler(key, _clock)) { BaseAddress = baseAddress };

    private async Task<bool> AuditAsync(HttpClient auditor, ConnectorIdentity identity, string folder, CancellationToken cancellationToken)
    {
        using var zip = await auditor.GetAsync("/api/v1/audit/export", cancellationToken);
        zip.EnsureSuccessStatusCode();
        var target = Path.Combine(directory, folder);
        ZipFile.ExtractToDirectory(await zip.Content.ReadAsStreamAsync(cancellationToken), target);
        var result = LogExportVerifier.Verify(target, PublicKey.ImportPem(identity.PublicKeyPem), identity.LogOrigin, Path.Combine(directory, "auditor-state.json"));
        return result.IsValid;
    }

    private (bool Caught, string Why) Tamper(ConnectorIdentity identity)
    {
        var export = Path.Combine(directory, "export");
        var tampered = Path.Combine(directory, "export-tampered");
        Directory.CreateDirectory(tampered);
        File.Copy(Path.Combine(export, LogExport.CheckpointFile), Path.Combine(tampered, LogExport.CheckpointFile));
        var lines = File.ReadAllLines(Path.Combine(export, LogExport.EntriesFile));
        var index = Array.FindIndex(lines, l => l.Contains("\"action\":\"result.release\"", StringComparison.Ordinal));
        lines[index] = lines[index].Replace("\"decision\":\"permit\"", "\"decision\":\"deny\"", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(tampered, LogExport.EntriesFile), string.Concat(lines.Select(l => l + "\n")));
        var result = LogExportVerifier.Verify(tampered, PublicKey.ImportPem(identity.PublicKeyPem), identity.LogOrigin);
        return (!result.IsValid, $"{result.Failure}: {result.Detail}");
    }

    private void PrintPlanResult(byte[] plaintext)
    {
        using var document = JsonDocument.Parse(plaintext);
        var release = document.RootElement.GetProperty("result");
        var table = new Table().AddColumns("district", "employees", "enterprises", "mean income (k CNY)", "median income", "mean tax (k CNY)");
        var shown = 0;
        foreach (var group in release.GetProperty("groups").EnumerateArray())
        {
            if (++shown > 12)
            {
                break;
            }

            var values = group.GetProperty("values");
            var median = values[0].TryGetProperty("quantiles", out var quantiles) && quantiles[0].ValueKind == JsonValueKind.Number
                ? quantiles[0].GetDouble().ToString("N0", CultureInfo.InvariantCulture)
                : "-";
            table.AddRow(new[]
            {
                group.GetProperty("key")[0].GetString()!,
                group.GetProperty("key")[1].GetString()!,
                group.GetProperty("count").GetInt64().ToString("N0", CultureInfo.InvariantCulture),
                values[0].GetProperty("mean").GetDouble().ToString("N1", CultureInfo.InvariantCulture),
                median,
                values[1].GetProperty("mean").GetDouble().ToString("N1", CultureInfo.InvariantCulture),
            }.Select(Markup.Escape).ToArray());
        }

        console.Write(table);
        var groups = release.GetProperty("groups").GetArrayLength();
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   {groups} of {groups + release.GetProperty("suppressedGroups").GetInt32()} groups released (the first {Math.Min(12, groups)} shown); " +
            $"{release.GetProperty("mechanism").GetString()} noise, epsilon {release.GetProperty("epsilonSpent").GetDouble()} split over {release.GetProperty("queries").GetInt32()} queries, " +
            $"groups below {release.GetProperty("minGroupSize").GetInt64()} noisy enterprises withheld"));
    }

    /// <summary>A JSON file embedded in dsc (the walkthrough's plan and offer, samples/walkthrough).</summary>
    private static T Resource<T>(string name)
        where T : JsonNode
    {
        using var stream = typeof(DemoRun).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in dsc");
        return (T)JsonNode.Parse(stream)!;
    }
}

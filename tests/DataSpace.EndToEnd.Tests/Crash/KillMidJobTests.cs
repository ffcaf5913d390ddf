using System.Net;
using System.Text;
using System.Text.Json;
using DataSpace.Crypto.Envelope;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using DataSpace.EndToEnd.Tests.Support;

namespace DataSpace.EndToEnd.Tests.Crash;

/// <summary>
/// kill -9 of the connector process while a job runs, then a restart on the same data directory: the job ends
/// Failed with nothing released, every log entry acknowledged before the kill is still there, the log verifies with
/// <c>dsc audit verify</c> (a real process, with the auditor's state proving it was only appended to across the
/// crash), and the same job submitted again is released.
/// </summary>
public sealed class KillMidJobTests : IDisposable
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    private readonly TempDirectory _files = new();
    private readonly List<string> _bodies = [];

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task KillMinus9_WhileJobRunning_RestartFailsJobReleasesNothingAndLogVerifies()
    {
        var data = _files.Combine("connector");
        var keys = _files.Combine("keys");
        var dataset = SampleFiles.CopyTaxCsvTo(data);
        using var operatorKey = Scenario.NewKey(keys, "operator", SignatureSuites.Sm2);
        using var dataUserKey = Scenario.NewKey(keys, "data-user", SignatureSuites.P256);
        using var auditorKey = Scenario.NewKey(keys, "auditor", SignatureSuites.Ed25519);
        var connectorPub = _files.Combine("connector.key.pub");
        var auditorState = _files.Combine("auditor-state.json");
        // The endless job must still be running when the connector dies, however slow the machine.
        var settings = new Dictionary<string, string> { ["Sandbox:WallTime"] = "00:10:00" };

        var logBeforeKill = new List<string>();
        string logOrigin;
        string endless;
        var first = await ConnectorProcess.StartAsync(data, settings);
        await using (first)
        {
            using var supplierKey = KeyFiles.LoadSigningKey(first.KeyFile);
            using var supplier = new SignedClient(supplierKey, first.BaseAddress, _bodies);
            using var operatorClient = new SignedClient(operatorKey, first.BaseAddress, _bodies);
            using var auditor = new SignedClient(auditorKey, first.BaseAddress, _bodies);
            var identity = await operatorClient.GetAsync("/api/v1/connector");
            await File.WriteAllTextAsync(connectorPub, identity.GetProperty("publicKeyPem").GetString());
            logOrigin = identity.GetProperty("logOrigin").GetString()!;

            await Scenario.AgreeAsync(supplier, operatorClient, dataset, operatorKey, dataUserKey, auditorKey);
            var manifest = Scenario.Manifest(dataUserKey.PublicKey.ExportPem());
            endless = (await operatorClient.PostAsync("/api/v1/jobs", Scenario.Job(manifest, SampleFiles.EndlessJobWasm), HttpStatusCode.Created)).GetProperty("id").GetString()!;
            await supplier.PostAsync($"/api/v1/jobs/{endless}/approve", null, HttpStatusCode.OK);
            await operatorClient.WaitForJobAsync(endless, JobTimeout, "Running");
            await auditor.WaitForLogEntryAsync("dataset.read", "job/" + endless, JobTimeout);

            // The auditor's first look, while the job runs: valid, and the state remembers this checkpoint.
            var before = _files.Combine("export-before");
            await auditor.ExportAuditLogAsync(before);
            await VerifyWithDscAsync(before, connectorPub, auditorState);
            logBeforeKill.AddRange(await File.ReadAllLinesAsync(Path.Combine(before, "entries.jsonl")));
            Assert.Contains(logBeforeKill, l => Entry(l) == ("job.approve", "job/" + endless));

            var stillRunning = await operatorClient.GetAsync("/api/v1/jobs/" + endless);
            Assert.Equal("Running", stillRunning.GetProperty("state").GetString());
            first.Kill();
            Assert.True(first.Process.HasExited, "the connector survived kill -9");
            Assert.DoesNotContain("stopped", first.Process.Output.Split('\n'), StringComparer.Ordinal);
        }

        await using var second = await ConnectorProcess.StartAsync(data, settings);
        using var supplierAgainKey = KeyFiles.LoadSigningKey(second.KeyFile);
        using var supplierAgain = new SignedClient(supplierAgainKey, second.BaseAddress, _bodies);
        using var operatorAgain = new SignedClient(operatorKey, second.BaseAddress, _bodies);
        using var dataUser = new SignedClient(dataUserKey, second.BaseAddress, _bodies);
        using var auditorAgain = new SignedClient(auditorKey, second.BaseAddress, _bodies);

        // Restart recovery: the interrupted job failed, nothing was released.
        var failed = await operatorAgain.GetAsync("/api/v1/jobs/" + endless);
        Assert.True(failed.GetProperty("state").GetString() == "Failed", $"after the restart the interrupted job must be Failed: {failed.GetRawText()}");
        Assert.Contains("nothing was released", failed.GetProperty("reason").GetString(), StringComparison.Ordinal);
        await dataUser.GetAsync("/api/v1/results/" + endless, HttpStatusCode.NotFound);

        // The log after the crash: every acknowledged entry still there, byte for byte, then the recovery's entry;
        // `dsc audit verify` with the state from before the kill proves it was only appended to.
        var after = _files.Combine("export-after");
        await auditorAgain.ExportAuditLogAsync(after);
        var verified = await VerifyWithDscAsync(after, connectorPub, auditorState);
        var logAfter = await File.ReadAllLinesAsync(Path.Combine(after, "entries.jsonl"));
        Assert.Equal(logBeforeKill, logAfter.Take(logBeforeKill.Count));
        var jobEntries = logAfter.Select(Entry).Where(e => e.Resource == "job/" + endless).Select(e => e.Action).ToList();
        Assert.Equal(["job.submit", "job.approve", "job.start", "policy.decision", "dataset.read", "job.fail"], jobEntries);
        Assert.Contains(logAfter, l => Entry(l) == ("job.fail", "job/" + endless) && l.Contains("interrupted", StringComparison.Ordinal));
        Assert.DoesNotContain(logAfter, l => Entry(l).Action == ResultReceipts.ReleaseAction);
        Assert.Contains($"size {logAfter.Length}", verified.Output, StringComparison.Ordinal);

        // A job submitted again runs to the end and is released to the data user, with a receipt that verifies.
        var manifestAgain = Scenario.Manifest(dataUserKey.PublicKey.ExportPem());
        var again = (await operatorAgain.PostAsync("/api/v1/jobs", Scenario.Job(manifestAgain, SampleFiles.GroupedStatsWasm), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await supplierAgain.PostAsync($"/api/v1/jobs/{again}/approve", null, HttpStatusCode.OK);
        var released = await operatorAgain.WaitForJobAsync(again, JobTimeout, "Released");
        Assert.Equal(10_000, released.GetProperty("rowsProcessed").GetInt64());
        var result = await dataUser.GetAsync("/api/v1/results/" + again);
        var envelope = Convert.FromBase64String(result.GetProperty("envelope").GetString()!);
        var receipt = ResultReceipts.Verify(
            SignedStatement.Parse(result.GetProperty("receipt").GetRawText()), KeyFiles.LoadPublicKey(connectorPub), logOrigin, envelope);
        Assert.True(receipt.IsValid, $"{receipt.Failure}");
        var plaintext = Encoding.UTF8.GetString(Envelopes.Open(dataUserKey, again, SealedEnvelope.Parse(envelope)));
        using (var aggregate = JsonDocument.Parse(plaintext))
        {
            Assert.NotEmpty(aggregate.RootElement.GetProperty("aggregate").GetProperty("Groups").EnumerateArray());
        }

        var final = _files.Combine("export-final");
        await auditorAgain.ExportAuditLogAsync(final);
        await VerifyWithDscAsync(final, connectorPub, auditorState);

        // Nothing the parties saw, and nothing either connector printed, carries a raw value of the dataset.
        var scanner = SampleFiles.TaxScanner();
        foreach (var body in _bodies.Append(plaintext))
        {
            scanner.AssertNoRawValue(body, "a response body");
        }

        scanner.AssertNoRawValue(first.Process.Output + first.Process.Error, "the first connector's console");
        scanner.AssertNoRawValue(second.Process.Output + second.Process.Error, "the restarted connector's console");
    }

    private async Task<DscResult> VerifyWithDscAsync(string export, string connectorPub, string state)
    {
        var result = await DscCli.RunAsync(["audit", "verify", export, "--key", connectorPub, "--state", state], _files.Path);
        result.ShouldExit(0);
        Assert.StartsWith("OK:", result.Output, StringComparison.Ordinal);
        _bodies.Add(result.Output);
        return result;
    }

    private static (string? Action, string? Resource) Entry(string leaf) => SignedClient.Entry(leaf);
}

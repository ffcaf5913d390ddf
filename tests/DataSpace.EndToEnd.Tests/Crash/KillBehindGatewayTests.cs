using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataSpace.Crypto.Signatures;
using DataSpace.EndToEnd.Tests.Support;

namespace DataSpace.EndToEnd.Tests.Crash;

/// <summary>
/// The crash as the outside world sees it: the operator's <c>dsc job wait</c> and the auditor's <c>dsc audit verify</c>
/// talk to the gateway while the connector behind it is killed with SIGKILL mid-job and started again on the same
/// port. The wait rides out the outage and reports the job Failed (exit 5); the auditor's state proves the log was
/// only appended to across the crash; the job submitted again is released and its result verifies.
/// </summary>
public sealed class KillBehindGatewayTests : IDisposable
{
    private const string Timeout = "90";
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task KillMinus9_BehindTheGateway_JobWaitSeesTheJobFailAndTheLogOnlyGrows()
    {
        var dsc = new DscSession(_files.Path);
        var data = _files.Combine("connector");
        var keys = _files.Combine("keys");
        var dataset = SampleFiles.CopyTaxCsvTo(data);
        using var operatorKey = Scenario.NewKey(keys, "operator", SignatureSuites.P256);
        using var dataUserKey = Scenario.NewKey(keys, "data-user", SignatureSuites.Ed25519);
        using var auditorKey = Scenario.NewKey(keys, "auditor", SignatureSuites.Sm2);
        var operatorFile = Path.Combine(keys, "operator.key");
        var connectorPub = Path.Combine(keys, "connector.key.pub");
        var state = _files.Combine("auditor-state.json");
        var settings = new Dictionary<string, string> { ["Sandbox:WallTime"] = "00:10:00" };

        ConnectorProcess? second = null;
        GatewayProcess? gateway = null;
        await using var first = await ConnectorProcess.StartAsync(data, settings);
        dsc.Watch(() => first.Process);
        dsc.Watch(() => second?.Process);
        dsc.Watch(() => gateway?.Process);
        var direct = first.BaseAddress.ToString().TrimEnd('/');
        using (var supplierKey = KeyFiles.LoadSigningKey(first.KeyFile))
        using (var supplier = new SignedClient(supplierKey, first.BaseAddress, []))
        using (var operatorClient = new SignedClient(operatorKey, first.BaseAddress, []))
        {
            await File.WriteAllTextAsync(connectorPub, supplierKey.PublicKey.ExportPem());
            await Scenario.AgreeAsync(supplier, operatorClient, dataset, operatorKey, dataUserKey, auditorKey);
        }

        gateway = await GatewayProcess.StartAsync(first, _files.Combine("gateway"));
        await using var gatewayScope = gateway;
        var url = gateway.BaseAddress.ToString().TrimEnd('/');
        var manifest = Scenario.ManifestFile;

        var endless = (await dsc.RunAsync(0, "job", "submit", "--url", url, "--key", operatorFile, "--quiet",
            "--module", SampleFiles.EndlessJobWasm, "--source", SampleFiles.GroupedStatsSource, "--manifest", manifest, "--recipient", Path.Combine(keys, "data-user.key.pub"))).Output.Trim();
        await dsc.RunAsync(0, "job", "approve", endless, "--url", direct, "--key", first.KeyFile);
        using (var auditor = new SignedClient(auditorKey, first.BaseAddress, []))
        {
            await auditor.WaitForLogEntryAsync("dataset.read", "job/" + endless, JobTimeout);
        }

        var before = Json(await dsc.RunAsync(0, "audit", "verify", url, "--key", connectorPub, "--state", state, "--as", Path.Combine(keys, "auditor.key"), "--json"));

        // The operator waits through the gateway; once it has seen the job running, the connector dies.
        var polled = GatewayPolls(gateway, endless);
        await using var wait = DscCli.Start(["job", "wait", endless, "--url", url, "--key", operatorFile, "--timeout", Timeout, "--json"], _files.Path);
        await gateway.Process.WaitForOutputAsync(o => GatewayPolls(gateway, endless) > polled ? o : null, JobTimeout, "the waiting operator's first request");
        first.Kill();
        Assert.False(wait.HasExited, $"dsc job wait gave up when the connector died\n{wait.Describe()}");

        // Other clients keep calling while the connector is down: the gateway answers 502 or 503, and its passive
        // health check counts the failures. Once the connector is back, the gateway must send it requests again
        // within a few probe intervals (docs/gateway.md), not lock it out for the failures' whole history; a
        // request may still meet the passive check's one-interval pause, so wait for a steady run of answers.
        using var operatorThroughGateway = new SignedClient(operatorKey, gateway.BaseAddress, []);
        for (var i = 0; i < 12; i++)
        {
            var down = await operatorThroughGateway.SendRawAsync(HttpMethod.Get, "/api/v1/jobs/" + endless);
            Assert.True(down is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable, $"with the connector down the gateway answered {(int)down}");
        }

        second = await ConnectorProcess.StartAsync(data, settings, direct);
        await using var secondScope = second;
        var back = await operatorThroughGateway.UntilSteadyAsync("/api/v1/jobs/" + endless, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(90));
        Assert.True(back < TimeSpan.FromSeconds(15), $"the gateway forwarded steadily again only {back.TotalSeconds:0.0} s after the connector was back\n{gateway.Process.Describe()}");
        Assert.Equal(5, await wait.WaitForExitAsync(TimeSpan.FromSeconds(180)));
        var waited = Json(new DscResult(wait.CommandLine, wait.ExitCode, wait.Output, wait.Error));
        Assert.Equal("Failed", waited.GetProperty("state").GetString());
        Assert.Contains("nothing was released", waited.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // The auditor, through the gateway again: the log verifies and extends the one seen before the crash.
        var after = Json(await dsc.RunAsync(0, "audit", "verify", url, "--key", connectorPub, "--state", state, "--as", Path.Combine(keys, "auditor.key"), "--json"));
        Assert.True(after.GetProperty("size").GetInt64() > before.GetProperty("size").GetInt64(), $"{before.GetRawText()} then {after.GetRawText()}");

        // The job submitted again is released, and the data user's result verifies against the pinned key.
        var again = (await dsc.RunAsync(0, "job", "submit", "--url", url, "--key", operatorFile, "--quiet",
            "--module", SampleFiles.GroupedStatsWasm, "--source", SampleFiles.GroupedStatsSource, "--manifest", manifest, "--recipient", Path.Combine(keys, "data-user.key.pub"))).Output.Trim();
        await dsc.RunAsync(0, "job", "approve", again, "--url", direct, "--key", second.KeyFile);
        await dsc.RunAsync(0, "job", "wait", again, "--url", url, "--key", operatorFile, "--timeout", Timeout);
        var result = _files.Combine("result.json");
        var fetched = Json(await dsc.RunAsync(0, "result", "get", again, "--url", url, "--key", Path.Combine(keys, "data-user.key"),
            "--out", result, "--connector-key", connectorPub, "--json"));
        Assert.True(fetched.GetProperty("valid").GetBoolean(), fetched.GetRawText());

        var scanner = SampleFiles.TaxScanner();
        dsc.AssertNoRawValue(scanner);
        scanner.AssertNoRawValue(await File.ReadAllTextAsync(result), "the decrypted result");
        scanner.AssertNoRawValue(wait.Output + wait.Error, "dsc job wait's output");
        scanner.AssertNoRawValue(first.Process.Output + second.Process.Output + gateway.Process.Output, "the connector's and gateway's consoles");
    }

    /// <summary>How many times the gateway has forwarded the operator's look at the endless job.</summary>
    private static int GatewayPolls(GatewayProcess gateway, string job) =>
        Regex.Count(gateway.Process.Output, $"AccessLog: GET /api/v1/jobs/{job} 200 ");

    private static JsonElement Json(DscResult run)
    {
        try
        {
            using var document = JsonDocument.Parse(run.Output);
            return document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            Assert.Fail($"not JSON on stdout ({exception.Message})\n{run}");
            throw;
        }
    }
}

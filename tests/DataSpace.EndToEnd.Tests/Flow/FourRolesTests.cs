using System.Security.Cryptography;
using System.Text.Json;
using DataSpace.Crypto.Signatures;
using DataSpace.EndToEnd.Tests.Support;

namespace DataSpace.EndToEnd.Tests.Flow;

/// <summary>
/// The architecture's flow with every party at its own command line, as the README's walkthrough runs it: the
/// supplier's connector and gateway as real processes on loopback; the supplier registers and offers the sample
/// dataset on its connector; operator, data user and auditor reach it only through the gateway. Each step's exit
/// code and output are checked, and nothing any of them printed or received carries a raw value of the dataset.
/// </summary>
public sealed class FourRolesTests : IDisposable
{
    private const string JobTimeoutSeconds = "90";

    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task AllFourRoles_ThroughCliAndGateway_ReleaseAVerifiedResultAndAnAppendOnlyLog()
    {
        var dsc = new DscSession(_files.Path);
        var dataset = SampleFiles.CopyTaxCsvTo(_files.Combine("connector"));
        var keys = _files.Combine("keys");
        Directory.CreateDirectory(keys);

        GatewayProcess? gateway = null;
        await using var connector = await ConnectorProcess.StartAsync(_files.Combine("connector"));
        dsc.Watch(() => connector.Process);
        dsc.Watch(() => gateway?.Process);
        var direct = connector.BaseAddress.ToString().TrimEnd('/');
        var supplier = connector.KeyFile;
        var connectorPub = Path.Combine(keys, "connector.key.pub");
        using (var connectorKey = KeyFiles.LoadSigningKey(supplier))
        {
            // Handed to the other parties out of band, as the walkthrough does.
            await File.WriteAllTextAsync(connectorPub, connectorKey.PublicKey.ExportPem());
        }

        // Each party makes its own key.
        foreach (var (name, suite) in new[] { ("operator", "sm2"), ("data-user", "p256"), ("auditor", "ed25519") })
        {
            await dsc.RunAsync(0, "keys", "new", "--suite", suite, "--out", Path.Combine(keys, name + ".key"));
        }

        var operatorKey = Path.Combine(keys, "operator.key");
        var dataUserKey = Path.Combine(keys, "data-user.key");
        var auditorKey = Path.Combine(keys, "auditor.key");

        // Supplier, on its own connector: the trust list, the dataset, the offer.
        foreach (var (id, name, role, key) in new[]
        {
            ("urn:party:credit-bureau", "Credit bureau", "Operator", "operator"),
            ("urn:party:city-bank", "City bank", "DataUser", "data-user"),
            ("urn:party:audit-office", "Audit office", "Auditor", "auditor"),
        })
        {
            var added = await dsc.RunAsync(0, "party", "add", "--url", direct, "--key", supplier,
                "--id", id, "--name", name, "--role", role, "--public-key", Path.Combine(keys, key + ".key.pub"), "--json");
            Assert.Equal(id, Json(added).GetProperty("id").GetString());
        }

        var registered = Json(await dsc.RunAsync(0, "dataset", "add", "--url", direct, "--key", supplier,
            "--id", Scenario.Dataset, "--name", "Enterprise tax records 2025", "--file", dataset, "--classification", "2", "--json"));
        Assert.Equal(10_000, registered.GetProperty("rowCount").GetInt64());
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(dataset))), registered.GetProperty("contentDigest").GetString());

        var offered = Json(await dsc.RunAsync(0, "offer", "add", "--url", direct, "--key", supplier,
            "--id", Scenario.Offer, "--dataset", Scenario.Dataset, "--policy", Scenario.PolicyFile, "--json"));
        Assert.Equal(Scenario.Offer, offered.GetProperty("id").GetString());

        // From here on the other parties reach the connector only through the gateway.
        gateway = await GatewayProcess.StartAsync(connector, _files.Combine("gateway"));
        await using var gatewayScope = gateway;
        var url = gateway.BaseAddress.ToString().TrimEnd('/');

        // Operator: catalogue, agreement, job.
        var catalog = await dsc.RunAsync(0, "catalog", "--url", url, "--key", operatorKey, "--json");
        Assert.Contains(Scenario.Dataset, catalog.Output, StringComparison.Ordinal);
        Assert.Contains(Scenario.Offer, catalog.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(_files.Path, catalog.Output, StringComparison.Ordinal);

        var agreement = await dsc.RunAsync(0, "agreement", "request", "--url", url, "--key", operatorKey,
            "--id", Scenario.Agreement, "--offer", Scenario.Offer, "--purpose", Scenario.Purpose, "--days", "90", "--json");
        Assert.Contains(Scenario.Agreement, agreement.Output, StringComparison.Ordinal);

        var manifest = Scenario.ManifestFile;
        var submitted = Json(await dsc.RunAsync(0, "job", "submit", "--url", url, "--key", operatorKey,
            "--module", SampleFiles.GroupedStatsWasm, "--source", SampleFiles.GroupedStatsSource, "--manifest", manifest, "--recipient", dataUserKey + ".pub", "--json"));
        Assert.Equal("Submitted", submitted.GetProperty("state").GetString());
        var job = submitted.GetProperty("id").GetString()!;

        // Supplier: approval is not a route of the gateway; on its own connector it is.
        await dsc.RunAsync(3, "job", "approve", job, "--url", url, "--key", supplier);
        await dsc.RunAsync(0, "job", "approve", job, "--url", direct, "--key", supplier);

        // Operator: waits for the run.
        var finished = Json(await dsc.RunAsync(0, "job", "wait", job, "--url", url, "--key", operatorKey, "--timeout", JobTimeoutSeconds, "--json"));
        Assert.Equal("Released", finished.GetProperty("state").GetString());
        Assert.Equal(10_000, finished.GetProperty("rowsProcessed").GetInt64());

        // Data user: the sealed result, its receipt checked against the pinned connector key, then decrypted.
        var resultFile = _files.Combine("result.json");
        var fetched = Json(await dsc.RunAsync(0, "result", "get", job, "--url", url, "--key", dataUserKey,
            "--out", resultFile, "--connector-key", connectorPub, "--json"));
        Assert.True(fetched.GetProperty("valid").GetBoolean(), fetched.GetRawText());
        Assert.True(fetched.GetProperty("connectorKeyPinned").GetBoolean(), fetched.GetRawText());
        var plaintext = await File.ReadAllTextAsync(resultFile);
        using (var result = JsonDocument.Parse(plaintext))
        {
            // Every district holds at least 10 enterprises, so no group is suppressed and, without noise in this
            // policy, each group's count and totals are exactly what the file gives.
            var groups = result.RootElement.GetProperty("aggregate").GetProperty("Groups").EnumerateArray().ToList();
            var expected = SampleFiles.RegionTotals();
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), groups.Select(g => g.GetProperty("Key").GetString()!).Order(StringComparer.Ordinal));
            foreach (var group in groups)
            {
                var (count, income, tax) = expected[group.GetProperty("Key").GetString()!];
                var sums = group.GetProperty("Measures").EnumerateArray().ToDictionary(m => m.GetProperty("Name").GetString()!, m => m.GetProperty("Sum").GetDouble());
                Assert.Equal(count, group.GetProperty("Count").GetInt64());
                Assert.Equal(income, sums["income"], 0.01);
                Assert.Equal(tax, sums["tax"], 0.01);
            }
        }

        // A result checked against another key is refused, and nothing is written.
        var refusedFile = _files.Combine("refused.json");
        await dsc.RunAsync(1, "result", "get", job, "--url", url, "--key", dataUserKey,
            "--out", refusedFile, "--connector-key", auditorKey + ".pub");
        Assert.False(File.Exists(refusedFile), "a result that failed its receipt check was written");

        // Auditor: verifies the log through the gateway, keeps its state; the log grows; verifies again.
        var state = _files.Combine("auditor-state.json");
        var firstAudit = Json(await dsc.RunAsync(0, "audit", "verify", url, "--key", connectorPub, "--state", state, "--as", auditorKey, "--json"));
        Assert.True(firstAudit.GetProperty("valid").GetBoolean(), firstAudit.GetRawText());
        var firstSize = firstAudit.GetProperty("size").GetInt64();

        await dsc.RunAsync(0, "agreement", "revoke", Scenario.Agreement, "--url", direct, "--key", supplier);
        var secondAudit = Json(await dsc.RunAsync(0, "audit", "verify", url, "--key", connectorPub, "--state", state, "--as", auditorKey, "--json"));
        Assert.True(secondAudit.GetProperty("valid").GetBoolean(), secondAudit.GetRawText());
        Assert.True(secondAudit.GetProperty("size").GetInt64() > firstSize, $"the log did not grow: {firstAudit.GetRawText()} then {secondAudit.GetRawText()}");

        // Auditor: the public checkpoint, checked against the pinned key, and the disclosure report.
        var checkpoint = Json(await dsc.RunAsync(0, "audit", "checkpoint", "--url", url, "--connector-key", connectorPub, "--json"));
        Assert.True(checkpoint.GetProperty("verified").GetBoolean(), checkpoint.GetRawText());
        Assert.True(checkpoint.GetProperty("size").GetInt64() >= secondAudit.GetProperty("size").GetInt64(), checkpoint.GetRawText());
        var disclosure = Json(await dsc.RunAsync(0, "audit", "disclosure", "--url", url, "--key", auditorKey, "--json"));
        var use = Assert.Single(disclosure.EnumerateArray());
        Assert.Equal(
            (Scenario.Dataset, 1L, 10_000L, 1L, 0L),
            (use.GetProperty("datasetId").GetString(), use.GetProperty("jobsRun").GetInt64(), use.GetProperty("rowsProcessed").GetInt64(),
                use.GetProperty("resultsReleased").GetInt64(), use.GetProperty("resultsRefused").GetInt64()));
        var held = Assert.Single(use.GetProperty("agreements").EnumerateArray());
        Assert.Equal(("urn:party:credit-bureau", Scenario.Purpose), (held.GetProperty("operatorId").GetString(), held.GetProperty("purpose").GetString()));
        Assert.NotEqual(JsonValueKind.Null, held.GetProperty("revokedAt").ValueKind);

        // The human-readable output of the same verbs is scanned too.
        await dsc.RunAsync(0, "catalog", "--url", url, "--key", operatorKey);
        await dsc.RunAsync(0, "job", "status", job, "--url", url, "--key", operatorKey);
        await dsc.RunAsync(0, "audit", "disclosure", "--url", url, "--key", auditorKey);

        // Nothing any party printed or received carries a raw value; nor do the connector's and gateway's logs.
        var scanner = SampleFiles.TaxScanner();
        dsc.AssertNoRawValue(scanner);
        scanner.AssertNoRawValue(plaintext, "the decrypted result");
        scanner.AssertNoRawValue(connector.Process.Output + connector.Process.Error, "the connector's console");
        scanner.AssertNoRawValue(gateway.Process.Output + gateway.Process.Error, "the gateway's console");
    }

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

using System.Text.Json;
using DataSpace.Cli.Tests.Support;
using DataSpace.Crypto.Audit;

namespace DataSpace.Cli.Tests.Flow;

/// <summary>The whole flow through <c>dsc</c> verbs only, for all four roles, against a real connector on loopback.</summary>
public sealed class FlowTests(FlowFixture flow) : IClassFixture<FlowFixture>
{
    [Fact]
    public void Preparation_SupplierAndOperatorVerbs_PrintTheConnectorsJson()
    {
        Assert.Equal("Operator", FlowFixture.Json(flow.Setup["party operator"]).GetProperty("role").GetString());
        var dataset = FlowFixture.Json(flow.Setup["dataset"]);
        Assert.Equal(FlowFixture.Dataset, dataset.GetProperty("id").GetString());
        Assert.True(dataset.GetProperty("rowCount").GetInt64() > 1000);
        Assert.Equal(FlowFixture.Offer, FlowFixture.Json(flow.Setup["offer"]).GetProperty("id").GetString());
        Assert.Equal(FlowFixture.Agreement, FlowFixture.Json(flow.Setup["agreement"]).GetProperty("agreement").GetProperty("id").GetString());
        Assert.Contains("added urn:party:city-bank (City bank) as DataUser", flow.Setup["party data user"].Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WholeFlow_FourRoles_ReleaseADecryptedAggregateAndAVerifiedLog()
    {
        // Operator: submits; supplier: approves; operator: waits for the release.
        var (submitted, job) = await flow.SubmitAsync("job-flow");
        Assert.True(submitted.ExitCode == ExitCodes.Ok, submitted.Output + submitted.Error);
        Assert.Contains($"job {job}: Submitted", submitted.Output, StringComparison.Ordinal);
        var approved = await flow.Supplier("job", "approve", job, "--json");
        Assert.Equal("Approved", FlowFixture.Json(approved).GetProperty("state").GetString());
        var waited = await flow.Operator("job", "wait", job, "--timeout", "30");
        Assert.True(waited.ExitCode == ExitCodes.Ok, waited.Output + waited.Error);
        Assert.Contains($"job {job}: Released", waited.Output, StringComparison.Ordinal);

        // Data user: fetches, verifies and decrypts the result.
        var output = Path.Combine(flow.Directory, "job-flow.result");
        var result = await flow.DataUser("result", "get", job, "--out", output, "--connector-key", flow.ConnectorPublicKey);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.Output + result.Error);
        Assert.Contains("receipt valid, inclusion proof valid", result.Output, StringComparison.Ordinal);
        Assert.Contains($"agreement    {FlowFixture.Agreement}", result.Output, StringComparison.Ordinal);
        Assert.Contains($"dataset      {FlowFixture.Dataset} sha256:", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("not pinned", result.Error, StringComparison.Ordinal);
        using (var aggregate = JsonDocument.Parse(await File.ReadAllTextAsync(output)))
        {
            Assert.True(aggregate.RootElement.GetProperty("aggregate").GetProperty("Groups").GetArrayLength() > 0);
        }

        // Auditor: the log from the connector's URL, with state kept between runs.
        var state = Path.Combine(flow.Directory, "auditor-state.json");
        var audit = await Dsc.RunAsync("audit", "verify", flow.Url, "--key", flow.ConnectorPublicKey, "--as", flow.AuditorKey, "--state", state);
        Assert.True(audit.ExitCode == ExitCodes.Ok, audit.Output + audit.Error);
        Assert.StartsWith("OK: ", audit.Output, StringComparison.Ordinal);
        Assert.True(AuditorState.Load(state)!.Size > 10);
    }

    [Fact]
    public async Task ResultGet_Json_SummarisesTheReceiptAndWarnsWhenTheKeyIsNotPinned()
    {
        var job = await ReleaseAsync("job-json");
        var output = Path.Combine(flow.Directory, "job-json.out");

        var result = await flow.DataUser("result", "get", job, "--out", output, "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Output + result.Error);
        Assert.Contains("warning: the connector's key was not pinned", result.Error, StringComparison.Ordinal);
        var summary = FlowFixture.Json(result);
        Assert.True(summary.GetProperty("valid").GetBoolean());
        Assert.False(summary.GetProperty("connectorKeyPinned").GetBoolean());
        Assert.Equal(FlowFixture.Agreement, summary.GetProperty("agreement").GetString());
        Assert.StartsWith("sha256:", summary.GetProperty("module").GetString(), StringComparison.Ordinal);
        Assert.Equal(FlowFixture.Dataset, summary.GetProperty("datasets")[0].GetProperty("id").GetString());
        Assert.True(summary.GetProperty("checkpointSize").GetInt64() > summary.GetProperty("logIndex").GetInt64());
        Assert.Equal(new FileInfo(output).Length, summary.GetProperty("bytes").GetInt64());
    }

    [Fact]
    public async Task ResultGet_ToStdout_WritesThePlaintextAndTheSummaryToStderr()
    {
        var job = await ReleaseAsync("job-stdout");

        var result = await flow.DataUser("result", "get", job, "--out", "-", "--connector-key", flow.ConnectorPublicKey);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Output + result.Error);
        using var aggregate = JsonDocument.Parse(result.Output);
        Assert.True(aggregate.RootElement.GetProperty("aggregate").GetProperty("MinGroupSize").GetInt32() >= 10);
        Assert.Contains("receipt valid", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResultGet_ExistingFile_IsNotOverwrittenWithoutForce()
    {
        var job = await ReleaseAsync("job-exists");
        var output = await flow.WriteAsync("job-exists.out", "keep me");

        var refused = await flow.DataUser("result", "get", job, "--out", output, "--connector-key", flow.ConnectorPublicKey);
        Assert.Equal(ExitCodes.IoError, refused.ExitCode);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.Equal("keep me", await File.ReadAllTextAsync(output));

        var forced = await flow.DataUser("result", "get", job, "--out", output, "--connector-key", flow.ConnectorPublicKey, "--force");
        Assert.Equal(ExitCodes.Ok, forced.ExitCode);
        Assert.StartsWith("{", await File.ReadAllTextAsync(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResultGet_AnotherDataUsersKey_IsRefusedByTheConnector()
    {
        var job = await ReleaseAsync("job-other");

        var result = await flow.Auditor("result", "get", job, "--out", Path.Combine(flow.Directory, "other.out"));

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("the connector answered 403", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(flow.Directory, "other.out")));
    }

    [Fact]
    public async Task JobWait_RejectedJob_ExitsFive()
    {
        var (submitted, job) = await flow.SubmitAsync("job-rejected");
        Assert.Equal(ExitCodes.Ok, submitted.ExitCode);
        var rejected = await flow.Supplier("job", "reject", job, "--reason", "not this quarter");
        Assert.True(rejected.ExitCode == ExitCodes.Ok, rejected.Output + rejected.Error);

        var waited = await flow.Operator("job", "wait", job, "--json");

        Assert.Equal(ExitCodes.JobEndedWithoutResult, waited.ExitCode);
        Assert.Equal("Rejected", FlowFixture.Json(waited).GetProperty("state").GetString());
        Assert.Equal("rejected by the supplier: not this quarter", FlowFixture.Json(waited).GetProperty("reason").GetString());
        Assert.Contains("ended without a result", waited.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobReject_WithoutReason_EndsTheJob()
    {
        var (submitted, job) = await flow.SubmitAsync("job-rejected-plain");
        Assert.Equal(ExitCodes.Ok, submitted.ExitCode);

        var rejected = await flow.Supplier("job", "reject", job);

        Assert.True(rejected.ExitCode == ExitCodes.Ok, rejected.Output + rejected.Error);
        Assert.Contains($"job {job}: Rejected (rejected by the supplier)", rejected.Output, StringComparison.Ordinal);
        var again = await flow.Supplier("job", "approve", job);
        Assert.Equal(ExitCodes.InputError, again.ExitCode);
        Assert.Contains("409", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobSubmit_ColumnOutsideThePolicy_IsRefusedAtSubmissionWithThePolicysReason()
    {
        // Checked against the agreement before anyone approves it: the supplier never sees a job that must fail.
        var (submitted, job) = await flow.SubmitAsync("job-denied", "region", "income", "tax", "enterprise_id");

        Assert.Equal(ExitCodes.InputError, submitted.ExitCode);
        Assert.Equal("", job);
        Assert.Contains("the connector answered 403", submitted.Error, StringComparison.Ordinal);
        Assert.Contains("the agreement does not permit this job", submitted.Error, StringComparison.Ordinal);
        Assert.Contains("dsc:column", submitted.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobSubmit_Quiet_PrintsOnlyTheIdTheConnectorMade()
    {
        var manifest = await flow.ManifestAsync("job-quiet.json", "region", "income", "tax");

        var submitted = await flow.Operator("job", "submit", "--module", flow.Module, "--manifest", manifest, "--recipient", flow.DataUserKey + ".pub", "--quiet");

        Assert.Equal(ExitCodes.Ok, submitted.ExitCode);
        Assert.Matches("^job-[0-9a-f]{24}\n$", submitted.Output);
        var status = FlowFixture.Json(await flow.Operator("job", "status", submitted.Output.Trim(), "--json"));
        Assert.Equal("Submitted", status.GetProperty("state").GetString());
    }

    [Fact]
    public async Task JobWait_NobodyApproves_TimesOutWithSix()
    {
        var (submitted, job) = await flow.SubmitAsync("job-waiting");
        Assert.Equal(ExitCodes.Ok, submitted.ExitCode);

        var waited = await flow.Operator("job", "wait", job, "--timeout", "1");

        Assert.Equal(ExitCodes.TimedOut, waited.ExitCode);
        Assert.Contains("did not end within 1 s", waited.Error, StringComparison.Ordinal);
        Assert.Contains("waiting for the supplier's approval", waited.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PartyAdd_ByTheOperator_IsRefusedWithTheConnectorsProblem()
    {
        var result = await flow.Operator("party", "add", "--id", "urn:party:x", "--name", "X", "--role", "Auditor", "--public-key", flow.AuditorKey + ".pub");

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.StartsWith("dsc: the connector answered 403", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListVerbs_Json_ParseAndShowThePreparation()
    {
        var parties = FlowFixture.Json(await flow.Auditor("party", "list", "--json"));
        Assert.Contains(parties.EnumerateArray(), p => p.GetProperty("id").GetString() == "urn:party:audit-office");
        var datasets = FlowFixture.Json(await flow.Operator("dataset", "list", "--json"));
        Assert.Equal(FlowFixture.Dataset, datasets[0].GetProperty("id").GetString());
        var offers = FlowFixture.Json(await flow.Operator("offer", "list", "--json"));
        Assert.Equal(FlowFixture.Offer, offers[0].GetProperty("id").GetString());
        Assert.Equal(FlowFixture.Dataset, offers[0].GetProperty("dataset").GetString());
        var agreements = FlowFixture.Json(await flow.Operator("agreement", "list", "--json"));
        Assert.Equal(FlowFixture.Agreement, agreements[0].GetProperty("id").GetString());

        var table = await flow.Operator("offer", "list");
        Assert.Contains("small-business-credit-statistics", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditCheckpoint_PinnedKey_VerifiesAndPrintsTheNote()
    {
        var note = await Dsc.RunAsync("audit", "checkpoint", "--url", flow.Url, "--connector-key", flow.ConnectorPublicKey);
        Assert.True(note.ExitCode == ExitCodes.Ok, note.Output + note.Error);
        Assert.StartsWith(flow.Identity.LogOrigin + "\n", note.Output, StringComparison.Ordinal);

        var json = FlowFixture.Json(await Dsc.RunAsync("audit", "checkpoint", "--url", flow.Url, "--json"));
        Assert.False(json.GetProperty("verified").GetBoolean());
        Assert.True(json.GetProperty("size").GetInt64() > 0);

        var wrongKey = await Dsc.RunAsync("audit", "checkpoint", "--url", flow.Url, "--connector-key", flow.AuditorKey + ".pub");
        Assert.Equal(ExitCodes.VerificationFailed, wrongKey.ExitCode);
        Assert.Equal("", wrongKey.Output);
    }

    [Fact]
    public async Task AuditDisclosure_Auditor_ReportsTheAgreement()
    {
        var json = FlowFixture.Json(await flow.Auditor("audit", "disclosure", "--json"));
        Assert.Equal(FlowFixture.Agreement, json[0].GetProperty("agreements")[0].GetProperty("agreementId").GetString());

        var table = await flow.Auditor("audit", "disclosure", "--dataset", FlowFixture.Dataset);
        Assert.Contains("small-business-credit-statistics", table.Output, StringComparison.Ordinal);

        var operatorRefused = await flow.Operator("audit", "disclosure");
        Assert.Equal(ExitCodes.InputError, operatorRefused.ExitCode);
    }

    [Fact]
    public async Task Budget_AnyParty_ShowsTheDatasetsLimitsAndOnlyItsOwnAccounts()
    {
        var json = FlowFixture.Json(await flow.Supplier("budget", "--dataset", FlowFixture.Dataset, "--json"));
        Assert.Equal(FlowFixture.Dataset, json[0].GetProperty("datasetId").GetString());
        Assert.Equal(5, json[0].GetProperty("limits").GetProperty("dataUserEpsilon").GetDouble());

        var table = await flow.DataUser("budget");
        Assert.Equal(ExitCodes.Ok, table.ExitCode);
        Assert.Contains(FlowFixture.Dataset, table.Output, StringComparison.Ordinal);
        Assert.Contains("no budget account you may see", table.Output, StringComparison.Ordinal);

        var unknown = await flow.Auditor("budget", "--dataset", "no-such-dataset");
        Assert.Equal(ExitCodes.InputError, unknown.ExitCode);
    }

    /// <summary>Submits, approves and waits for a released job; returns its id.</summary>
    private async Task<string> ReleaseAsync(string name)
    {
        var (submitted, job) = await flow.SubmitAsync(name);
        Assert.Equal(ExitCodes.Ok, submitted.ExitCode);
        Assert.Equal(ExitCodes.Ok, (await flow.Supplier("job", "approve", job)).ExitCode);
        var waited = await flow.Operator("job", "wait", job, "--timeout", "30");
        Assert.True(waited.ExitCode == ExitCodes.Ok, waited.Output + waited.Error);
        return job;
    }
}

using DataSpace.Cli.Tests.Support;

namespace DataSpace.Cli.Tests.Jobs;

/// <summary>
/// <c>dsc job status</c> and <c>dsc result get</c> print what a run used (docs/metering.md, "Meter record"): every party the
/// published meter, the supplier and auditors also the job-steerable counters; the operator and the data user never.
/// </summary>
public sealed class JobStatusMeterTests(FlowFixture flow) : IClassFixture<FlowFixture>
{
    private async Task<string> ReleaseAsync(string name)
    {
        var (submitted, job) = await flow.SubmitAsync(name);
        Assert.Equal(ExitCodes.Ok, submitted.ExitCode);
        Assert.Equal(ExitCodes.Ok, (await flow.Supplier("job", "approve", job)).ExitCode);
        var waited = await flow.Operator("job", "wait", job, "--timeout", "30");
        Assert.True(waited.ExitCode == ExitCodes.Ok, waited.Output + waited.Error);
        return job;
    }

    [Fact]
    public async Task JobStatus_ReleasedRun_OperatorSeesTheBillableMeterAndNoUsage()
    {
        var job = await ReleaseAsync("job-meter-operator");

        var status = await flow.Operator("job", "status", job);

        Assert.True(status.ExitCode == ExitCodes.Ok, status.Output + status.Error);
        Assert.Matches(@"\n  meter        released, billable: [0-9,]+ rows read, 3 columns, [0-9,]+ CPU-s, epsilon [0-9.]+, delta [0-9.]+\n", status.Output);
        Assert.DoesNotContain("usage", status.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("fuel", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobStatus_ReleasedRun_SupplierAndAuditorSeeTheUsageToo()
    {
        var job = await ReleaseAsync("job-meter-supplier");

        foreach (var status in new[] { await flow.Supplier("job", "status", job), await flow.Auditor("job", "status", job) })
        {
            Assert.True(status.ExitCode == ExitCodes.Ok, status.Output + status.Error);
            Assert.Contains("  meter        released, billable: ", status.Output, StringComparison.Ordinal);
            Assert.Matches(@"\n  usage        [0-9,]+ rows pulled, [0-9,]+ bytes fed, [1-9][0-9,]* fuel, [0-9,]+ ms CPU, [0-9,]+ ms wall, [1-9][0-9,]* output bytes, [1-9][0-9,]* groups released, ", status.Output);
        }
    }

    [Fact]
    public async Task ResultGet_ReleasedRun_PrintsTheReceiptsMeterAndItsJson()
    {
        var job = await ReleaseAsync("job-meter-receipt");

        var result = await flow.DataUser("result", "get", job, "--out", Path.Combine(flow.Directory, "job-meter-receipt.out"), "--connector-key", flow.ConnectorPublicKey);
        var json = await flow.DataUser("result", "get", job, "--out", Path.Combine(flow.Directory, "job-meter-receipt.json.out"), "--connector-key", flow.ConnectorPublicKey, "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Output + result.Error);
        Assert.Contains("  meter        released, billable: ", result.Output, StringComparison.Ordinal);
        var meter = FlowFixture.Json(json).GetProperty("meter");
        Assert.Equal("released", meter.GetProperty("outcome").GetString());
        Assert.False(meter.TryGetProperty("usage", out _));
    }
}

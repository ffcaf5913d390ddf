using DataSpace.Cli.Jobs;
using DataSpace.Cli.Tests.Support;
using DataSpace.Connector.Api;

namespace DataSpace.Cli.Tests.Jobs;

/// <summary>
/// <c>dsc job details</c>: a job that ends by returning a value it read shows its operator a fixed reason; the supplier
/// alone reads the value, with the binding its log entry carries checked.
/// </summary>
public sealed class JobDetailsCommandTests(FlowFixture flow) : IClassFixture<FlowFixture>
{
    /// <summary>tests/DataSpace.Sandbox.Tests/TestData/attacks/return-code.wat, assembled: <c>dsc_run</c> returns 397263.</summary>
    private static readonly byte[] ReturnCode = Convert.FromHexString(
        "0061736d010000000105016000017f03030200000503010001072603066d656d6f727902000f6473635f6162695f76657273696f6e0000076473635f72756e00010a0d02040041010b060041cf9f180b");

    [Fact]
    public async Task JobDetails_JobReturningAValue_OnlyTheSupplierReadsItAndTheBindingIsChecked()
    {
        var module = Path.Combine(flow.Directory, "return-code.wasm");
        await File.WriteAllBytesAsync(module, ReturnCode);
        var manifest = await flow.ManifestAsync("return-code.json", "region", "income", "tax");
        var submitted = await flow.Operator("job", "submit", "--module", module, "--source", flow.Source, "--manifest", manifest, "--recipient", flow.DataUserKey + ".pub");
        var job = FlowFixture.JobIdOf(submitted);
        Assert.True((await flow.Supplier("job", "approve", job)).ExitCode == ExitCodes.Ok);

        var waited = await flow.Operator("job", "wait", job, "--timeout", "30");
        var details = await flow.Supplier("job", "details", job);
        var refused = await flow.Operator("job", "details", job);

        Assert.Equal(ExitCodes.JobEndedWithoutResult, waited.ExitCode);
        Assert.Contains(DataSpace.Sandbox.Hosting.JobReasons.JobError, waited.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("397263", waited.Output + waited.Error, StringComparison.Ordinal);
        Assert.True(details.ExitCode == ExitCodes.Ok, details.Output + details.Error);
        Assert.Contains("detail: dsc_run returned 397263", details.Output, StringComparison.Ordinal);
        Assert.Contains("binding hmac-sha256:", details.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InputError, refused.ExitCode);
        Assert.DoesNotContain("397263", refused.Output + refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Binds_TextChangedAfterTheFact_IsRefused()
    {
        var key = Convert.ToBase64String(new byte[32]);
        var binding = "hmac-sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(new byte[32], "dsc_run returned 7"u8));

        Assert.True(JobDetailsCommand.Binds(new HeldDetailView("j", "dsc_run returned 7", binding, key, DateTimeOffset.UnixEpoch)));
        Assert.False(JobDetailsCommand.Binds(new HeldDetailView("j", "dsc_run returned 8", binding, key, DateTimeOffset.UnixEpoch)));
        Assert.False(JobDetailsCommand.Binds(new HeldDetailView("j", "dsc_run returned 7", binding, "not base64!", DateTimeOffset.UnixEpoch)));
    }
}
